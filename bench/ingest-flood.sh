#!/usr/bin/env bash
# Ingest under a hostile flood: messages per second from the broker (Moquette, in-process) into
# the embedded QuestDB for a mix of good packs, garbage, packs over packs.max-size and packs
# older than packs.max-age, every message acknowledged and every good reading checked in the
# store; median (and min-max) over runs.
#
#   bench/ingest-flood.sh [messages per run, default 10000] [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl ingest -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/ingest-bench.classpath >/dev/null
classpath="ingest/target/test-classes:ingest/target/classes:$(cat ingest/target/ingest-bench.classpath)"
java -Xmx1g -cp "$classpath" org.envgate.ingest.bench.FloodBenchmark "$@" 2> >(grep -v -e ' WARN  rejected a message' -e 'more rejections this minute' >&2)
