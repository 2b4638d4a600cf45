#!/usr/bin/env bash
# Store-and-forward: durable append rate, backlog drain rate to Debian's mosquitto at QoS 1,
# bytes written to disk per reading, buffer file size per reading and peak resident memory,
# with the gateway's own memory settings; medians over runs.
#
#   bench/store-and-forward.sh [readings per run] [runs] [readings per commit] [storage folder]
#
# Needs mosquitto: apt-get install mosquitto
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl gateway -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/gateway-bench.classpath >/dev/null
classpath="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/gateway-bench.classpath)"
exec java -Xmx64m -XX:+UseSerialGC -cp "$classpath" org.envgate.gateway.bench.StoreAndForwardBenchmark "$@"
