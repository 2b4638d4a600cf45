#!/usr/bin/env bash
# Resident memory of a 14-sensor station at work: the gateway started by the packaged launcher
# (systemd/envgate, its JVM flags and environment) on the built jar, reading the 14 simulated
# sensors of bench/station-14.yaml (envgate-sim twins on pseudo-terminals, every 10 s, with 1 m
# and 1 h averages and both indexes) and publishing to Debian's mosquitto on a free local port.
# The gateway maps the class archive that systemd/class-archive makes for the jar just built, as
# the package makes it for the installed one. Samples the gateway's RSS every 10 s and prints RSS
# at the first sample, the median and the peak (VmHWM), the readings the broker delivered and the
# sensors they came from.
#
#   bench/station-memory.sh [minutes]        (default 60)
#
# Needs mosquitto and mosquitto-clients: apt-get install mosquitto mosquitto-clients
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
if ! [[ "$minutes" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/station-memory.sh [minutes]" >&2
  exit 2
fi
for tool in mosquitto mosquitto_sub python3; do
  command -v "$tool" >/dev/null || { echo "station-memory: $tool not found (apt-get install mosquitto mosquitto-clients python3)" >&2; exit 2; }
done

mvn -B -q -pl gateway,simulator -am package -DskipTests >/dev/null

work=$(mktemp -d /tmp/envgate-station.XXXXXX)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

JAVA="${ENVGATE_BENCH_JAVA:-java}" systemd/class-archive gateway/target/envgate.jar systemd/classes.list "$work/classes.jsa"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mosquitto -p "$port" >"$work/mosquitto.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

java -jar simulator/target/envgate-sim.jar serve --scenario bench/station-14.yaml \
  --emit-config "$work/emitted.yaml" >"$work/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  [ -s "$work/emitted.yaml" ] && grep -q 'serving until' "$work/sim.log" && break
  sleep 0.2
done
if ! grep -q 'serving until' "$work/sim.log"; then
  echo "station-memory: the simulator did not start:" >&2
  cat "$work/sim.log" >&2
  exit 1
fi
mkdir "$work/storage"
sed -e "s|^  url: .*|  url: tcp://127.0.0.1:$port|" -e "s|^  path: .*|  path: $work/storage|" \
  "$work/emitted.yaml" >"$work/gateway.yaml"

gateway_id=$(sed -n 's/^  id: //p' "$work/gateway.yaml" | head -1)
mosquitto_sub -h 127.0.0.1 -p "$port" -q 1 -t "envgate/$gateway_id/readings" >"$work/readings.jsonl" &
pids+=($!)

JAVA=bench/launcher-java.sh ENVGATE_LAUNCH="-jar gateway/target/envgate.jar" ENVGATE_CLASS_ARCHIVE="$work/classes.jsa" \
  systemd/envgate run --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 &
gateway=$!
pids+=("$gateway")

kb() { awk -v field="$1:" '$1 == field {print $2}' "/proc/$gateway/status"; }
samples=()
end=$((SECONDS + minutes * 60))
while [ "$SECONDS" -lt "$end" ]; do
  sleep 10
  if ! kill -0 "$gateway" 2>/dev/null; then
    echo "station-memory: the gateway stopped after $SECONDS s; its log:" >&2
    tail -20 "$work/gateway.log" >&2
    exit 1
  fi
  samples+=("$(kb VmRSS)")
done
peak=$(kb VmHWM)
threads=$(kb Threads)
kill "$gateway"
wait "$gateway" 2>/dev/null || true
sleep 1

readings=$(python3 - "$work/readings.jsonl" <<'PY'
import json, sys
records = 0
sensors = set()
for line in open(sys.argv[1]):
    base = ""
    for record in json.loads(line):
        base = record.get("bn", base)
        if "v" in record or "vs" in record or "vb" in record:
            records += 1
            sensors.add((base + record.get("n", "")).split("/")[1])
print(records, len(sensors))
PY
)
read -r sent sensors_heard <<<"$readings"
median=$(printf '%s\n' "${samples[@]}" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}')
errors=$(grep -c -E 'OutOfMemoryError|StackOverflowError' "$work/gateway.log" || true)
printf 'station-memory: 14-sensor station for %d min through systemd/envgate: RSS %d MB at 10 s, median %d MB, peak (VmHWM) %d MB over %d samples; %d threads; %d readings delivered from %d sensors; %d out-of-memory or stack overflow errors\n' \
  "$minutes" $((samples[0] >> 10)) $((median >> 10)) $((peak >> 10)) "${#samples[@]}" "$threads" "$sent" "$sensors_heard" "$errors"
