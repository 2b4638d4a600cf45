#!/usr/bin/env bash
# Store-and-forward: durable append rate, backlog drain rate to Debian's mosquitto at QoS 1,
# bytes written to disk per reading, buffer file size per reading and peak resident memory,
# with the gateway's own JVM flags and environment (those of systemd/envgate); medians over runs.
#
#   bench/store-and-forward.sh [readings per run] [runs] [readings per commit] [storage folder]
#   bench/store-and-forward.sh live [readings per second] [seconds] [storage folder]
#   bench/store-and-forward.sh live-qc [readings per second] [seconds] [storage folder]
#   bench/store-and-forward.sh flood [readings] [readings per message] [messages in flight] [runs]
#
# The second form runs a station at work: readings at a steady rate through the buffer writer's
# group commits with the uplink online, and prints the bytes written to disk per reading. The
# third is the same with every reading carrying the most quality control adds to one (a raw
# value beside the calibrated one, a flag, a test name). The fourth has no buffer at all: one
# pack published again and again at QoS 1 through the same client library, the bound that
# mosquitto and the loopback set for the drain.
#
# The first form also runs issue 17's peer after each run, against the same broker with the same
# JVM flags, and prints envgate's append and drain as ratios to the peer's of the same run: the
# peer's folder is PEER (default ../shared/peers/sqlite-forwarder); without it no ratios.
#
# Needs mosquitto: apt-get install mosquitto
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl gateway -am package -DskipTests >/dev/null
# The benchmark's own classes, then the jar that is installed (the gateway and every library it
# ships), as an installed gateway loads them. Not the libraries' separate jars: opening a hundred
# jars and checking the one signed jar (Paho's) costs an installed gateway nothing, and the
# benchmark's JVM 5 MB of resident memory (bench/README.md, "Memory").
classpath="gateway/target/test-classes:$(ls common/target/envgate-common-*-tests.jar):gateway/target/envgate.jar"
# The packaged launcher starts the benchmark in place of the installed jar, so it runs with the
# JVM flags and environment that ship (bench/launcher-java.sh); JAVA_OPTS adds or overrides.
ENVGATE_JAVA_OPTS="${JAVA_OPTS:-}" JAVA=bench/launcher-java.sh \
  ENVGATE_LAUNCH="-cp $classpath org.envgate.gateway.bench.StoreAndForwardBenchmark" exec systemd/envgate "$@"
