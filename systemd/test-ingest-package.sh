#!/usr/bin/env bash
# Tests the envgate-ingest .deb for real, in the style of test-package.sh: its control data,
# contents, maintainer scripts and lintian (dpkg-deb), then installs it with apt, runs the
# installed ingest as the envgate-ingest user the way the unit runs it (notify socket, watchdog,
# the unit's system call filter) against a local mosquitto and the embedded QuestDB, reinstalls
# it over a changed config and a store, removes it and purges it, checking what each step
# leaves behind.
#
# It changes the machine (a package, a system user), so it acts only as root and when asked:
# CI=true (as in .ci/run) or ENVGATE_TEST_PACKAGE=1. Needs `mvn package` first, and Debian's
# socat, mosquitto, mosquitto-clients, curl, lintian, man-db and python3-seccomp.
#
#   sudo ENVGATE_TEST_PACKAGE=1 systemd/test-ingest-package.sh [path/to/envgate-ingest_VERSION_all.deb]
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ] || { [ "${CI:-}" != true ] && [ "${ENVGATE_TEST_PACKAGE:-}" != 1 ]; }; then
  echo "test-ingest-package: skipped: installs and purges the envgate-ingest package on this machine;" \
       "run as root with ENVGATE_TEST_PACKAGE=1 (CI=true does it in CI)"
  exit 0
fi

deb=${1:-$(ls -t ingest/target/envgate-ingest_*_all.deb 2>/dev/null | head -1)}
if [ ! -f "$deb" ]; then
  echo "test-ingest-package: no package: run 'mvn -B package' first" >&2
  exit 2
fi
if dpkg-query -W envgate-ingest >/dev/null 2>&1; then
  if [ "${CI:-}" != true ]; then
    echo "test-ingest-package: envgate-ingest is installed on this machine; this test would purge it: not running" >&2
    exit 2
  fi
  echo "test-ingest-package: purging the envgate-ingest package a previous run left on this CI machine"
  dpkg --purge envgate-ingest >/dev/null
fi
deb=$(realpath "$deb")

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
logged() { # logged FILE COMMAND...: runs the command with its output in FILE
  local log=$1; shift
  "$@" >"$log" 2>&1
}
same() { # same DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

work=$(mktemp -d /tmp/envgate-ingest-package.XXXXXX)
chmod 0755 "$work"
pids=()
java_pid=""
stop_helpers() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  pids=()
}
cleanup() {
  stop_helpers
  if [ -n "$java_pid" ]; then kill -TERM "$java_pid" 2>/dev/null; fi
  if dpkg-query -W envgate-ingest >/dev/null 2>&1; then dpkg --purge envgate-ingest >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- the package file ---------------------------------------------------------------------
file_version=$(basename "$deb" | sed -E 's/^envgate-ingest_(.*)_all\.deb$/\1/')
same "control: Package" envgate-ingest "$(dpkg-deb -f "$deb" Package)"
same "control: Architecture" all "$(dpkg-deb -f "$deb" Architecture)"
same "control: Version is the one in the file name" "$file_version" "$(dpkg-deb -f "$deb" Version)"
check "control: Version is a valid Debian version" dpkg --validate-version "$file_version"
same "control: Depends" "default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser" \
  "$(dpkg-deb -f "$deb" Depends)"
same "control: conffiles" /etc/envgate/ingest.yaml "$(dpkg-deb -I "$deb" conffiles)"

contents=$(dpkg-deb -c "$deb" | awk '{print $1, $2, $6}')
# Every page for offline reading, in the repository's layout so their links work (IngestDocTreeTest).
docs=$(git ls-files README.md 'docs/*.md' 'config/*.yaml' bench/README.md 'systemd/*.service')
shipped=(
  "-rwxr-xr-x root/root ./usr/bin/envgate-ingest"
  "-rw-r--r-- root/root ./usr/share/envgate-ingest/envgate-ingest.jar"
  "-rw-r--r-- root/root ./lib/systemd/system/envgate-ingest.service"
  "-rw-r--r-- root/root ./etc/envgate/ingest.yaml"
  "-rw-r--r-- root/root ./usr/share/doc/envgate-ingest/copyright"
  "-rw-r--r-- root/root ./usr/share/doc/envgate-ingest/changelog.gz"
  "-rw-r--r-- root/root ./usr/share/man/man1/envgate-ingest.1.gz"
  "-rw-r--r-- root/root ./usr/share/bash-completion/completions/envgate-ingest")
for entry in "${shipped[@]}"; do
  check "contents: $entry" grep -qxF -- "$entry" <<<"$contents"
done
missing=$(while read -r doc; do grep -qxF -- "-rw-r--r-- root/root ./usr/share/doc/envgate-ingest/$doc" <<<"$contents" || echo "$doc"; done <<<"$docs")
same "contents: every doc page and the files they link to ($(wc -l <<<"$docs") files)" "" "$missing"
same "contents: nothing else but folders" $((${#shipped[@]} + $(wc -l <<<"$docs"))) "$(grep -vc '^d' <<<"$contents")"
if command -v lintian >/dev/null; then
  lintian_out=$(lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v 'running with root privileges')
  [ -z "$lintian_out" ] || echo "$lintian_out"
  same "lintian: no error" "" "$(grep '^E:' <<<"$lintian_out")"
else
  fail "lintian: not installed (apt-get install lintian)"
fi

dpkg-deb -e "$deb" "$work/control"
for script in postinst prerm postrm; do
  check "$script: executable" test -x "$work/control/$script"
  check "$script: valid sh" sh -n "$work/control/$script"
  check "$script: stops at the first error (set -e)" grep -qx 'set -e' "$work/control/$script"
done

# --- install ------------------------------------------------------------------------------
if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$work/install.log" 2>&1; then
  pass "install: apt-get install ./$(basename "$deb")"
else
  fail "install: apt-get install ./$(basename "$deb")"; cat "$work/install.log"; exit 1
fi
same "install: package state" "install ok installed" "$(dpkg-query -W -f='${Status}' envgate-ingest)"
check "user: envgate-ingest is a system user" test "$(id -u envgate-ingest)" -lt 1000
same "user: home" /var/lib/envgate-ingest "$(getent passwd envgate-ingest | cut -d: -f6)"
same "user: no login shell" /usr/sbin/nologin "$(getent passwd envgate-ingest | cut -d: -f7)"
same "user: primary group" envgate-ingest "$(id -gn envgate-ingest)"
same "user: in no other group" envgate-ingest "$(id -Gn envgate-ingest)"
same "folders: /var/lib/envgate-ingest" "envgate-ingest:envgate-ingest 750" "$(stat -c '%U:%G %a' /var/lib/envgate-ingest)"
same "folders: /etc/envgate/ingest.yaml" "root:envgate-ingest 640" "$(stat -c '%U:%G %a' /etc/envgate/ingest.yaml)"
check "config: readable by envgate-ingest" runuser -u envgate-ingest -- test -r /etc/envgate/ingest.yaml
check "config: not readable by others" runuser -u nobody -- test ! -r /etc/envgate/ingest.yaml
check "docs: the manual page is found by man" test "$(man -w envgate-ingest 2>/dev/null)" = /usr/share/man/man1/envgate-ingest.1.gz
check "docs: the manual page renders without a groff warning" \
  test -z "$(man --warnings -l /usr/share/man/man1/envgate-ingest.1.gz 2>&1 >/dev/null)"
same "docs: bash completes the verb" "check" \
  "$(bash -c 'source /usr/share/bash-completion/completions/envgate-ingest; COMP_WORDS=(envgate-ingest ch); COMP_CWORD=1; _envgate_ingest; echo "${COMPREPLY[*]}"')"
check "docs: the unit's Documentation= page is shipped" test -f /usr/share/doc/envgate-ingest/docs/ingest.md
wants=/etc/systemd/system/multi-user.target.wants/envgate-ingest.service
check "service: not enabled before it is configured" test ! -e "$wants"

unit=/lib/systemd/system/envgate-ingest.service
verify_out=$(systemd-analyze verify "$unit" 2>&1)
same "unit: systemd-analyze verify passes without a remark" "0:" "$?:$verify_out"
# systemd-analyze scores a unit from 0 (tight) to 10 (open); at most 2.0, as the gateway's.
score=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null \
  | sed -nE 's/.*Overall exposure level for [^:]*: ([0-9.]+).*/\1/p')
check "unit: exposure $score, at most 2.0" awk -v e="$score" 'BEGIN { exit !(e != "" && e <= 2.0) }'
for line in Type=notify NotifyAccess=main WatchdogSec=30s User=envgate-ingest RestartPreventExitStatus=2; do
  check "unit: $line" grep -qx "$line" "$unit"
done

# The Debian version is the Maven one, with -SNAPSHOT turned into ~ and the build time.
maven_version=$(sed -E 's/~[0-9]{14}$/-SNAPSHOT/' <<<"$file_version")
same "launcher: envgate-ingest --version as envgate-ingest" "envgate-ingest $maven_version" \
  "$(runuser -u envgate-ingest -- envgate-ingest --version)"

# --- the secrets' files, made as the docs say ------------------------------------------------
install -m 0640 -o root -g envgate-ingest /dev/null /etc/envgate/ingest-mqtt-password
printf '%s\n' 'a-long-password' | tee /etc/envgate/ingest-mqtt-password >/dev/null
same "secret: root:envgate-ingest 0640 as the docs make it" "root:envgate-ingest 640" \
  "$(stat -c '%U:%G %a' /etc/envgate/ingest-mqtt-password)"
check "secret: readable by envgate-ingest" runuser -u envgate-ingest -- test -r /etc/envgate/ingest-mqtt-password
check "secret: not readable by others" runuser -u nobody -- test ! -r /etc/envgate/ingest-mqtt-password

# --- the installed ingest, run as the unit runs it --------------------------------------------
# A mosquitto broker, the notify socket systemd would hold, the installed config with this
# broker's port and a free port for the embedded QuestDB, and the unit's system call filter
# (systemd is not PID 1 in containers and CI, so seccomp-exec.py applies it).
chown envgate-ingest:envgate-ingest "$work"
port=$((20000 + RANDOM % 20000))
store_port=$((20000 + RANDOM % 20000))
mosquitto -p "$port" >"$work/mosquitto.log" 2>&1 & pids+=($!)
runuser -u envgate-ingest -- socat -u UNIX-RECV:"$work/notify" OPEN:"$work/notified",creat,append \
  2>>"$work/helpers.log" & pids+=($!)
for _ in $(seq 50); do [ -S "$work/notify" ] && break; sleep 0.1; done
{ sed "s|tcp://localhost:1883|tcp://127.0.0.1:$port|" /etc/envgate/ingest.yaml
  printf '%s\n' 'embedded:' "  listen: 127.0.0.1:$store_port"; } >"$work/ingest.yaml"
chmod 0644 "$work/ingest.yaml"
install -d -o envgate-ingest -g envgate-ingest -m 0750 /var/cache/envgate-ingest
# The docs' order: check as the service's user, then start. No session yet, so at most a WARN.
runuser -u envgate-ingest -- env CACHE_DIRECTORY=/var/cache/envgate-ingest \
  envgate-ingest check --config "$work/ingest.yaml" >"$work/check.out" 2>&1
check_rc=$?
same "check: exit status 0 as envgate-ingest, broker and store OK" 0 "$check_rc"
check "check: the broker's row" grep -qE '^broker +tcp://127\.0\.0\.1:[0-9]+ +OK' "$work/check.out"
check "check: the store's row" grep -qE '^store +.* OK ' "$work/check.out"
[ "$check_rc" = 0 ] || cat "$work/check.out"
run=(envgate-ingest --config "$work/ingest.yaml")
if /usr/bin/python3 -c 'import seccomp' 2>/dev/null; then
  install -m 0755 systemd/seccomp-exec.py "$work/seccomp-exec.py"
  run=(/usr/bin/python3 "$work/seccomp-exec.py" "$unit" "${run[@]}")
else
  fail "sandbox: python3-seccomp is missing (apt-get install python3-seccomp): the filter cannot be applied"
fi
# As under systemd, JOURNAL_STREAM names the file the log goes to.
touch "$work/run.log"
runuser -u envgate-ingest -- env CACHE_DIRECTORY=/var/cache/envgate-ingest NOTIFY_SOCKET="$work/notify" \
  WATCHDOG_USEC=2000000 JOURNAL_STREAM="$(stat -c '%d:%i' "$work/run.log")" \
  "${run[@]}" >"$work/run.log" 2>&1 & ingest=$!
pids+=($ingest)
for _ in $(seq 1800); do grep -q 'READY=1' "$work/notified" 2>/dev/null && break; sleep 0.1; done
check "run: told systemd READY=1 (subscribed, and the store took a write)" grep -q 'READY=1' "$work/notified"
for _ in $(seq 100); do grep -q 'WATCHDOG=1' "$work/notified" 2>/dev/null && break; sleep 0.1; done
check "run: pinged the watchdog" grep -q 'WATCHDOG=1' "$work/notified"
now=$(date +%s)
mosquitto_pub -p "$port" -q 1 -t envgate/package-test/readings \
  -m "[{\"bn\":\"package-test/\",\"bt\":$now,\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":0}]"
stored=""
for _ in $(seq 300); do
  stored=$(curl -s -G "http://127.0.0.1:$store_port/exec" \
    --data-urlencode "query=select count() from pm2_5 where gateway = 'package-test'" \
    | sed -nE 's/.*"dataset":\[\[([0-9]+)\]\].*/\1/p')
  [ "$stored" = 1 ] && break
  sleep 0.2
done
same "run: the reading is stored in the embedded QuestDB" 1 "$stored"
java_pid=$(pgrep -u envgate-ingest -f 'envgate-ingest.jar' | head -1)
check "run: the JVM runs as envgate-ingest" test -n "$java_pid"
if [ -n "$java_pid" ]; then
  if [ -e "$work/seccomp-exec.py" ]; then
    check "sandbox: the filter is on the JVM (Seccomp: 2 in /proc/PID/status)" grep -qP '^Seccomp:\t2$' "/proc/$java_pid/status"
  fi
  check "run: QuestDB's native library unpacked into the unit's cache directory" \
    grep -qE '/var/cache/envgate-ingest/libquestdb[0-9]*\.so( \(deleted\))?$' "/proc/$java_pid/maps"
  check "run: JNA's native library unpacked into the unit's cache directory" \
    grep -qE '/var/cache/envgate-ingest/jna[0-9]+\.tmp( \(deleted\))?$' "/proc/$java_pid/maps"
  kill -TERM "$java_pid"
fi
wait "$ingest"
same "run: SIGTERM ends it with 143 (the unit's SuccessExitStatus)" 143 "$?"
check "run: told systemd STOPPING=1" grep -q 'STOPPING=1' "$work/notified"
check "run: the embedded store is in /var/lib/envgate-ingest" test -d /var/lib/envgate-ingest/questdb/db
check "run: log lines for the journal, which stamps them itself" grep -qE '^INFO  ready: subscribed' "$work/run.log"
check "sandbox: no refused call in the log" test -z "$(grep -i 'not permitted' "$work/run.log")"
printf 'mqtt:\n  url: tcp://127.0.0.1:1883\n  keep-alive: soon\n' >"$work/bad.yaml"
chmod 0644 "$work/bad.yaml"
runuser -u envgate-ingest -- envgate-ingest --config "$work/bad.yaml" >"$work/bad.log" 2>&1
same "run: a bad config is exit status 2 (the unit does not restart it)" 2 "$?"
sh -c 'umask 077; printf "%s\n" "a-long-password" > /etc/envgate/ingest-root-only-password'
cat >"$work/root-only.yaml" <<EOF
mqtt:
  url: tcp://127.0.0.1:$port
  username: envgate-ingest
  password-file: /etc/envgate/ingest-root-only-password
EOF
chmod 0644 "$work/root-only.yaml"
runuser -u envgate-ingest -- envgate-ingest --config "$work/root-only.yaml" >"$work/root-only.log" 2>&1
same "secret: one only root can read stops ingest as a config error" 2 "$?"
check "secret: ... naming the key" grep -qF \
  'mqtt.password-file: cannot read /etc/envgate/ingest-root-only-password (permissions)' "$work/root-only.log"
if [ "$failed" != 0 ]; then echo "--- ingest log"; cat "$work/run.log"; echo "--- notified"; cat "$work/notified"; fi
stop_helpers

# --- upgrade over a changed config and a store ----------------------------------------------
echo "# changed on site" >>/etc/envgate/ingest.yaml
check "upgrade: dpkg -i of the package again" logged "$work/upgrade.log" dpkg -i "$deb"
check "upgrade: keeps the changed config" grep -qx '# changed on site' /etc/envgate/ingest.yaml
same "upgrade: keeps the config's rights" "root:envgate-ingest 640" "$(stat -c '%U:%G %a' /etc/envgate/ingest.yaml)"
check "upgrade: keeps the store" test -d /var/lib/envgate-ingest/questdb/db

# --- remove, then purge ---------------------------------------------------------------------
check "remove: (the operator had enabled the service)" logged /dev/null systemctl enable envgate-ingest.service
check "remove: dpkg -r envgate-ingest" logged "$work/remove.log" dpkg -r envgate-ingest
check "remove: the command is gone" test ! -e /usr/bin/envgate-ingest
check "remove: the unit is gone" test ! -e "$unit"
check "remove: the service is disabled, no link left behind" test ! -L "$wants"
check "remove: keeps the config" test -f /etc/envgate/ingest.yaml
check "remove: keeps the secret" test -f /etc/envgate/ingest-mqtt-password
check "remove: keeps the store" test -d /var/lib/envgate-ingest/questdb
check "remove: keeps the user" logged /dev/null getent passwd envgate-ingest
check "purge: dpkg --purge envgate-ingest" logged "$work/purge.log" dpkg --purge envgate-ingest
check "purge: the user is gone" test -z "$(getent passwd envgate-ingest)"
check "purge: the group is gone" test -z "$(getent group envgate-ingest)"
for path in /var/lib/envgate-ingest /var/cache/envgate-ingest /etc/envgate/ingest.yaml /etc/envgate/ingest-mqtt-password; do
  check "purge: $path is gone" test ! -e "$path"
done
if dpkg-query -W envgate >/dev/null 2>&1; then
  check "purge: /etc/envgate stays for the gateway's package" test -d /etc/envgate
else
  check "purge: /etc/envgate is gone" test ! -e /etc/envgate
fi
same "purge: no trace in dpkg" "" "$(dpkg-query -W -f='${Status}' envgate-ingest 2>/dev/null)"

echo "test-ingest-package: $passed passed, $failed failed"
[ "$failed" = 0 ]
