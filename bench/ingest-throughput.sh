#!/usr/bin/env bash
# Ingest throughput: readings per second from the broker (Debian's mosquitto) into the store,
# each message acknowledged only after the store accepted it; median over runs. After ingest,
# each run times issue 17's baseline on the same backlog (a plain reader writing the same points
# through the same store client without validation) and prints ingest's rate as a ratio to it.
#
#   bench/ingest-throughput.sh [questdb|victoria-metrics] [readings per pack] [readings per run] [runs]
#
# JAVA_OPTS adds JVM options, e.g. a flight recording:
#   JAVA_OPTS="-XX:StartFlightRecording=filename=ingest.jfr,settings=profile" bench/ingest-throughput.sh questdb 500 1000000 1
#
# Needs mosquitto (and victoria-metrics for that store): apt-get install mosquitto victoria-metrics
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl ingest -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/ingest-bench.classpath >/dev/null
classpath="ingest/target/test-classes:ingest/target/classes:$(cat ingest/target/ingest-bench.classpath)"
exec java -Xmx1g ${JAVA_OPTS:-} -cp "$classpath" org.envgate.ingest.bench.IngestBenchmark "$@"
