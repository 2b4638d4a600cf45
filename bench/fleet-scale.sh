#!/usr/bin/env bash
# Scale: a fleet of simulated gateways (envgate-sim fleet, one reading per quantity every 10 s)
# into one ingest with its embedded QuestDB, through mosquitto, each in its own process. Prints
# ingest's CPU (and the simulator's and mosquitto's) over the measured window and the latency
# from a reading's time to the first query on the store that sees it, p50 and p99.
#
#   bench/fleet-scale.sh [gateways] [seconds measured] [gateways sampled for the latency]
#
# Defaults 1000, 180 and 50. Needs mosquitto: apt-get install mosquitto
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl ingest -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/ingest-bench.classpath >/dev/null
classpath="ingest/target/test-classes:ingest/target/classes:$(cat ingest/target/ingest-bench.classpath)"
exec java -Xmx256m ${JAVA_OPTS:-} -cp "$classpath" org.envgate.ingest.bench.FleetScaleBenchmark "$@"
