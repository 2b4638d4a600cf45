#!/usr/bin/env bash
# Tests the envgate .deb for real: its control data, contents and maintainer scripts
# (dpkg-deb), then installs it with apt, runs the installed gateway as the envgate user the
# way the unit runs it, verifies the installed unit, reinstalls it over a changed config and
# a full buffer, removes it and purges it, checking what each step leaves behind.
#
# It changes the machine (a package, a system user), so it acts only as root and when asked:
# CI=true (as in .ci/run) or ENVGATE_TEST_PACKAGE=1. Needs `mvn package` first, and Debian's
# socat, mosquitto, mosquitto-clients, lintian and man-db.
#
#   sudo ENVGATE_TEST_PACKAGE=1 systemd/test-package.sh [path/to/envgate_VERSION_all.deb]
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ] || { [ "${CI:-}" != true ] && [ "${ENVGATE_TEST_PACKAGE:-}" != 1 ]; }; then
  echo "test-package: skipped: installs and purges the envgate package on this machine;" \
       "run as root with ENVGATE_TEST_PACKAGE=1 (CI=true does it in CI)"
  exit 0
fi

deb=${1:-$(ls -t gateway/target/envgate_*_all.deb 2>/dev/null | head -1)}
sim=simulator/target/envgate-sim.jar
if [ ! -f "$deb" ] || [ ! -f "$sim" ]; then
  echo "test-package: no package or simulator jar: run 'mvn -B package' first" >&2
  exit 2
fi
if dpkg-query -W envgate >/dev/null 2>&1; then
  if [ "${CI:-}" != true ]; then
    echo "test-package: envgate is installed on this machine; this test would purge it: not running" >&2
    exit 2
  fi
  echo "test-package: purging the envgate package a previous run left on this CI machine"
  dpkg --purge envgate >/dev/null
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

work=$(mktemp -d /tmp/envgate-package.XXXXXX)
chmod 0755 "$work"
pids=()
stop_helpers() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  pids=()
}
cleanup() {
  stop_helpers
  rm -f /etc/udev/rules.d/99-envgate-serial-test.rules
  if dpkg-query -W envgate >/dev/null 2>&1; then dpkg --purge envgate >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- the package file ---------------------------------------------------------------------
file_version=$(basename "$deb" | sed -E 's/^envgate_(.*)_all\.deb$/\1/')
same "control: Package" envgate "$(dpkg-deb -f "$deb" Package)"
same "control: Architecture" all "$(dpkg-deb -f "$deb" Architecture)"
same "control: Version is the one in the file name" "$file_version" "$(dpkg-deb -f "$deb" Version)"
check "control: Version is a valid Debian version" dpkg --validate-version "$file_version"
same "control: Depends" "default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser" \
  "$(dpkg-deb -f "$deb" Depends)"
same "control: conffiles" /etc/envgate/gateway.yaml "$(dpkg-deb -I "$deb" conffiles)"
same "control: triggered by a change to the Java runtimes" "interest-noawait /usr/lib/jvm" "$(dpkg-deb -I "$deb" triggers)"

contents=$(dpkg-deb -c "$deb" | awk '{print $1, $2, $6}')
# The pages for offline reading, in the repository's layout so their links work (DocTreeTest).
docs=$(git ls-files README.md 'docs/*.md' 'config/*.yaml' bench/README.md 'systemd/*.service')
shipped=(
  "-rwxr-xr-x root/root ./usr/bin/envgate"
  "-rw-r--r-- root/root ./usr/share/envgate/envgate.jar"
  "-rw-r--r-- root/root ./usr/share/envgate/classes.list"
  "-rwxr-xr-x root/root ./usr/lib/envgate/class-archive"
  "-rw-r--r-- root/root ./lib/systemd/system/envgate.service"
  "-rw-r--r-- root/root ./etc/envgate/gateway.yaml"
  "-rw-r--r-- root/root ./usr/share/doc/envgate/copyright"
  "-rw-r--r-- root/root ./usr/share/doc/envgate/changelog.gz"
  "-rw-r--r-- root/root ./usr/share/man/man1/envgate.1.gz"
  "-rw-r--r-- root/root ./usr/share/bash-completion/completions/envgate"
  "-rw-r--r-- root/root ./usr/share/doc/envgate/examples/99-envgate-serial.rules"
  "-rw-r--r-- root/root ./usr/share/doc/envgate/examples/gateway.yaml")
for entry in "${shipped[@]}"; do
  check "contents: $entry" grep -qxF -- "$entry" <<<"$contents"
done
missing=$(while read -r doc; do grep -qxF -- "-rw-r--r-- root/root ./usr/share/doc/envgate/$doc" <<<"$contents" || echo "$doc"; done <<<"$docs")
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
check "launcher: Pi memory settings" grep -q -- '-Xmx64m -XX:+UseSerialGC' <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/envgate)

# --- install ------------------------------------------------------------------------------
if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$work/install.log" 2>&1; then
  pass "install: apt-get install ./$(basename "$deb")"
else
  fail "install: apt-get install ./$(basename "$deb")"; cat "$work/install.log"; exit 1
fi
same "install: package state" "install ok installed" "$(dpkg-query -W -f='${Status}' envgate)"
check "user: envgate is a system user" test "$(id -u envgate)" -lt 1000
same "user: home" /var/lib/envgate "$(getent passwd envgate | cut -d: -f6)"
same "user: no login shell" /usr/sbin/nologin "$(getent passwd envgate | cut -d: -f7)"
same "user: primary group" envgate "$(id -gn envgate)"
check "user: in dialout (serial ports)" grep -qw dialout <(id -Gn envgate)
if getent group i2c >/dev/null; then
  check "user: in i2c (I2C buses)" grep -qw i2c <(id -Gn envgate)
fi
if getent group gpio >/dev/null; then
  check "user: in gpio (GPIO chips)" grep -qw gpio <(id -Gn envgate)
else
  check "install: says that there is no gpio group" grep -q 'no group gpio' "$work/install.log"
fi
same "folders: /var/lib/envgate" "envgate:envgate 750" "$(stat -c '%U:%G %a' /var/lib/envgate)"
same "folders: /etc/envgate" "root:envgate 750" "$(stat -c '%U:%G %a' /etc/envgate)"
same "folders: /etc/envgate/gateway.yaml" "root:envgate 640" "$(stat -c '%U:%G %a' /etc/envgate/gateway.yaml)"
check "config: readable by envgate" runuser -u envgate -- test -r /etc/envgate/gateway.yaml
check "config: not readable by others" runuser -u nobody -- test ! -r /etc/envgate/gateway.yaml
check "docs: the manual page is found by man" test "$(man -w envgate 2>/dev/null)" = /usr/share/man/man1/envgate.1.gz
check "docs: the manual page renders without a groff warning" test -z "$(man --warnings -l /usr/share/man/man1/envgate.1.gz 2>&1 >/dev/null)"
same "docs: bash completes the verbs" "check" \
  "$(bash -c 'source /usr/share/bash-completion/completions/envgate; COMP_WORDS=(envgate ch); COMP_CWORD=1; _envgate; echo "${COMPREPLY[*]}"')"
wants=/etc/systemd/system/multi-user.target.wants/envgate.service
check "service: not enabled before it is configured" test ! -e "$wants"

verify_out=$(systemd-analyze verify /lib/systemd/system/envgate.service 2>&1)
verify_rc=$?
same "unit: systemd-analyze verify passes without a remark" "0:" "$verify_rc:$verify_out"

# udev reads the example rule without a complaint (it names a bad key or operator with its line).
rule=/etc/udev/rules.d/99-envgate-serial-test.rules
cp /usr/share/doc/envgate/examples/99-envgate-serial.rules "$rule"
udev_out=$(udevadm test --action=add "$(ls -d /sys/class/tty/* | head -1)" 2>&1)
rm -f "$rule"
check "udev example: read by udevadm test" grep -qF "Reading rules file: $rule" <<<"$udev_out"
same "udev example: no line of it rejected" "" "$(grep -F "$rule:" <<<"$udev_out")"

# The Debian version is the Maven one, with -SNAPSHOT turned into ~ and the build time.
maven_version=$(sed -E 's/~[0-9]{14}$/-SNAPSHOT/' <<<"$file_version")
same "launcher: envgate --version as envgate" "envgate $maven_version" "$(runuser -u envgate -- envgate --version)"

# --- the class archive ------------------------------------------------------------------------
archive=/usr/lib/envgate/classes.jsa
check "class archive: made at installation" test -s "$archive"
same "class archive: root's, readable by envgate" "root:root 644" "$(stat -c '%U:%G %a' "$archive")"
# root runs the same launcher (envgate check): no other user may replace the classes it maps.
same "class archive: in a folder only root writes to" "root:root 755" "$(stat -c '%U:%G %a' "$(dirname "$archive")")"
# -Xshare:on makes a JVM that cannot map its archive stop; the gateway's own classes come from it.
runuser -u envgate -- env ENVGATE_JAVA_OPTS='-Xshare:on -Xlog:class+load=info' envgate --version >"$work/cds.log" 2>&1
same "class archive: the launcher's JVM maps it (-Xshare:on)" 0 "$?"
check "class archive: the gateway's classes load from it" \
  grep -qF 'org.envgate.gateway.Main source: shared objects file' "$work/cds.log"
same "class archive: any user's envgate maps it too" "envgate $maven_version" \
  "$(cd / && runuser -u nobody -- env ENVGATE_JAVA_OPTS=-Xshare:on envgate --version 2>&1)"
chmod 0600 "$archive"
same "class archive: a user who cannot read it runs the gateway without it" "envgate $maven_version" \
  "$(cd / && runuser -u nobody -- envgate --version 2>&1)"
chmod 0644 "$archive"
rm -f "$archive"
dpkg-trigger --no-await /usr/lib/jvm && dpkg --triggers-only envgate >"$work/trigger.log" 2>&1
check "class archive: made again when a package changes /usr/lib/jvm (dpkg trigger)" test -s "$archive"
JAVA=false /usr/lib/envgate/class-archive >"$work/archive-failed.out" 2>"$work/archive-failed.err"
same "class archive: a failure to make it exits 1" 1 "$?"
check "class archive: ... saying so on standard error" grep -qF 'could not make the class archive' "$work/archive-failed.err"
check "class archive: ... and leaves no archive that would not match" test ! -e "$archive"
check "class archive: ... nor anything else" test -z "$(ls /usr/lib/envgate | grep classes)"
/usr/lib/envgate/class-archive
same "class archive: made again by hand, quietly" 0 "$?"

# --- the installed gateway, run as the unit runs it -----------------------------------------
# A PMS5003 twin on one end of a pseudo-terminal pair, the gateway on the other, a mosquitto
# broker, and the notify socket that systemd would hold, all with the envgate user's rights.
chown envgate:envgate "$work"
port=$((20000 + RANDOM % 20000))
mosquitto -p "$port" >"$work/mosquitto.log" 2>&1 & pids+=($!)
runuser -u envgate -- socat pty,raw,echo=0,link="$work/ttyA" pty,raw,echo=0,link="$work/ttyB" \
  2>>"$work/helpers.log" & pids+=($!)
runuser -u envgate -- socat -u UNIX-RECV:"$work/notify" OPEN:"$work/notified",creat,append \
  2>>"$work/helpers.log" & pids+=($!)
for _ in $(seq 50); do [ -e "$work/ttyB" ] && [ -S "$work/notify" ] && break; sleep 0.1; done
java -jar "$sim" serve --model pms5003 --serial "$work/ttyA" --period 1s >"$work/sim.log" 2>&1 & pids+=($!)
cat >"$work/gateway.yaml" <<EOF
gateway:
  id: package-test
storage:
  path: /var/lib/envgate
mqtt:
  url: tcp://127.0.0.1:$port
sensors:
  - id: pm
    model: pms5003
    port: $work/ttyB
    interval: 1s
    warm-up: 0s
    mode: active
EOF
chmod 0644 "$work/gateway.yaml"
sleep 2

runuser -u envgate -- envgate check --config "$work/gateway.yaml" >"$work/check.out" 2>&1
check_rc=$?
same "check: exit status 0 as envgate, sensor and broker OK" 0 "$check_rc"
check "check: the sensor's values in the table" grep -qE '^pm +pms5003 .* OK +pm1_0 ' "$work/check.out"
[ "$check_rc" = 0 ] || cat "$work/check.out"

install -d -o envgate -g envgate -m 0750 /var/cache/envgate
mosquitto_sub -p "$port" -t 'envgate/package-test/readings' -C 1 -W 60 >"$work/readings" 2>&1 & sub=$!
# As under systemd, JOURNAL_STREAM names the file the log goes to.
touch "$work/run.log"
runuser -u envgate -- env CACHE_DIRECTORY=/var/cache/envgate NOTIFY_SOCKET="$work/notify" WATCHDOG_USEC=2000000 \
  JOURNAL_STREAM="$(stat -c '%d:%i' "$work/run.log")" \
  envgate run --config "$work/gateway.yaml" >"$work/run.log" 2>&1 & gateway=$!
pids+=($gateway)
for _ in $(seq 600); do grep -q 'WATCHDOG=1' "$work/notified" 2>/dev/null && break; sleep 0.1; done
check "run: told systemd READY=1" grep -q 'READY=1' "$work/notified"
check "run: pinged the watchdog" grep -q 'WATCHDOG=1' "$work/notified"
wait "$sub"
check "run: readings reached the broker" grep -q '"n":"pm/pm2_5"' "$work/readings"
java_pid=$(pgrep -u envgate -f 'envgate.jar run' | head -1)
# (JNA deletes its file once loaded: the mapping stays, marked deleted.)
for lib in 'jssc .*/libjssc\.so' 'sqlite-jdbc .*-libsqlitejdbc\.so' 'JNA jna[0-9]+\.tmp'; do
  check "run: ${lib%% *}'s native library unpacked into the unit's cache directory" \
    grep -qE "/var/cache/envgate/${lib#* }( \(deleted\))?\$" "/proc/$java_pid/maps"
done
check "run: the gateway maps the class archive" grep -qE " $archive\$" "/proc/$java_pid/maps"
check "run: the launcher's MALLOC_ARENA_MAX=2 reaches the JVM" grep -qzx 'MALLOC_ARENA_MAX=2' "/proc/$java_pid/environ"
same "run: exec'd, so systemd's main PID is the JVM" "$java_pid" "$(pgrep -P "$gateway" -u envgate java || echo "$gateway")"
kill -TERM "$java_pid"
wait "$gateway"
same "run: SIGTERM ends it with 143 (the unit's SuccessExitStatus)" 143 "$?"
check "run: told systemd STOPPING=1" grep -q 'STOPPING=1' "$work/notified"
check "run: the buffer is in /var/lib/envgate" test -s /var/lib/envgate/readings.db
check "run: log lines for the journal, which stamps them itself" grep -qE '^INFO  envgate .* starting' "$work/run.log"
check "launcher: log lines for a terminal keep their time" \
  grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ ERROR config rejected' <(runuser -u envgate -- envgate run --config /nonexistent 2>&1)
if [ "$failed" != 0 ]; then echo "--- gateway log"; cat "$work/run.log"; fi

# --- the status page's password file and HTTPS, made as docs/status-page.md says -------------
# The recipe's lines as the docs give them (the certificate for 127.0.0.1), then the installed
# gateway as envgate serves the page with them. A root-only file, the old advice, stops it (2).
page_port=$((20000 + RANDOM % 20000))
install -m 0640 -o root -g envgate /dev/null /etc/envgate/status-password
printf '%s\n' 'a-long-password' | tee /etc/envgate/status-password >/dev/null
same "page password: root:envgate 0640 as the docs make it" "root:envgate 640" \
  "$(stat -c '%U:%G %a' /etc/envgate/status-password)"
check "page password: readable by envgate" runuser -u envgate -- test -r /etc/envgate/status-password
check "page password: not readable by others" runuser -u nobody -- test ! -r /etc/envgate/status-password
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj "/CN=package-test" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout /etc/envgate/status-page.key -out /etc/envgate/status-page.pem 2>>"$work/helpers.log"
chown root:envgate /etc/envgate/status-page.key /etc/envgate/status-page.pem
chmod 0640 /etc/envgate/status-page.key
chmod 0644 /etc/envgate/status-page.pem
{ cat "$work/gateway.yaml"; printf '%s\n' 'status-page:' "  listen: 127.0.0.1:$page_port" \
    '  password-file: /etc/envgate/status-password' '  cert-file: /etc/envgate/status-page.pem' \
    '  key-file: /etc/envgate/status-page.key'; } >"$work/page.yaml"
chmod 0644 "$work/page.yaml"
# Under the unit's system call filter too, where python3-seccomp can apply it (see "sandbox" below).
page_run=(envgate run --config "$work/page.yaml")
if /usr/bin/python3 -c 'import seccomp' 2>/dev/null; then
  install -m 0755 systemd/seccomp-exec.py "$work/page-seccomp-exec.py"
  page_run=(/usr/bin/python3 "$work/page-seccomp-exec.py" /lib/systemd/system/envgate.service "${page_run[@]}")
fi
runuser -u envgate -- env CACHE_DIRECTORY=/var/cache/envgate "${page_run[@]}" >"$work/page.log" 2>&1 & page_gateway=$!
pids+=($page_gateway)
for _ in $(seq 600); do grep -q 'status page on' "$work/page.log" && break; sleep 0.1; done
check "page: the gateway as envgate serves the page over HTTPS with a password" \
  grep -qF "status page on https://127.0.0.1:$page_port/ (password required)" "$work/page.log"
if [ -e "$work/page-seccomp-exec.py" ]; then
  check "page: ... under the unit's system call filter (Seccomp: 2)" grep -qP '^Seccomp:\t2$' \
    "/proc/$(pgrep -u envgate -f "envgate.jar run --config $work/page.yaml" | head -1)/status"
fi
page_url=https://127.0.0.1:$page_port/api/status
same "page: the password opens it" 200 \
  "$(curl -s -o "$work/page.json" -w '%{http_code}' --cacert /etc/envgate/status-page.pem -u tech:a-long-password "$page_url")"
check "page: the status of this gateway" grep -q '"gateway":"package-test"' "$work/page.json"
same "page: no password, no page" 401 \
  "$(curl -s -o /dev/null -w '%{http_code}' --cacert /etc/envgate/status-page.pem "$page_url")"
kill -TERM "$(pgrep -u envgate -f "envgate.jar run --config $work/page.yaml" | head -1)"
wait "$page_gateway"
check "launcher: its heap and stacks suffice (no OutOfMemoryError or StackOverflowError)" \
  bash -c '! grep -qE "OutOfMemoryError|StackOverflowError" "$@"' _ "$work/run.log" "$work/page.log"
[ "$failed" = 0 ] || cat "$work/page.log"
sh -c 'umask 077; printf "%s\n" "a-long-password" > /etc/envgate/status-password-root-only'
sed 's|/etc/envgate/status-password$|/etc/envgate/status-password-root-only|' "$work/page.yaml" >"$work/page-root-only.yaml"
chmod 0644 "$work/page-root-only.yaml"
runuser -u envgate -- envgate run --config "$work/page-root-only.yaml" >"$work/page-root-only.log" 2>&1
same "page: a password file only root can read stops the gateway as a config error" 2 "$?"
check "page: ... naming the key" grep -qF \
  'status-page.password-file: cannot read /etc/envgate/status-password-root-only (permissions)' "$work/page-root-only.log"
rm -f /etc/envgate/status-password /etc/envgate/status-password-root-only /etc/envgate/status-page.key \
  /etc/envgate/status-page.pem
stop_helpers

# --- the sandbox: the unit's exposure, and the gateway under its unit's system call filter ---
# systemd-analyze scores a unit from 0 (tight) to 10 (open); at most 2.0. (envgate-ingest.service
# is scored and verified as installed by its own package, in test-ingest-package.sh.)
unit=/lib/systemd/system/envgate.service
score=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null \
  | sed -nE 's/.*Overall exposure level for [^:]*: ([0-9.]+).*/\1/p')
check "sandbox: $(basename "$unit") exposure $score, at most 2.0" \
  awk -v e="$score" 'BEGIN { exit !(e != "" && e <= 2.0) }'
# systemd is not PID 1 in containers and CI, so seccomp-exec.py applies the installed unit's
# SystemCallFilter= and SystemCallErrorNumber= lines itself. Under them the installed gateway
# reads a PMS5003 twin on a pty and a rain gauge on Pi4J's mock GPIO, and both reach the broker.
if /usr/bin/python3 -c 'import seccomp' 2>/dev/null; then
  install -m 0755 systemd/seccomp-exec.py "$work/seccomp-exec.py"
  install -d -o envgate -g envgate -m 0750 "$work/sandbox-buffer" /var/cache/envgate
  port=$((20000 + RANDOM % 20000))
  mosquitto -p "$port" >"$work/sandbox-mosquitto.log" 2>&1 & pids+=($!)
  runuser -u envgate -- socat pty,raw,echo=0,link="$work/sandboxA" pty,raw,echo=0,link="$work/sandboxB" \
    2>>"$work/helpers.log" & pids+=($!)
  for _ in $(seq 50); do [ -e "$work/sandboxB" ] && break; sleep 0.1; done
  java -jar "$sim" serve --model pms5003 --serial "$work/sandboxA" --period 1s >"$work/sandbox-sim.log" 2>&1 & pids+=($!)
  cat >"$work/sandboxed.yaml" <<EOF
gateway:
  id: sandbox-test
storage:
  path: $work/sandbox-buffer
mqtt:
  url: tcp://127.0.0.1:$port
gpio:
  platform: mock
sensors:
  - {id: pm, model: pms5003, port: $work/sandboxB, interval: 1s, warm-up: 0s, mode: active}
  - {id: rain, model: rain-gauge, port: "gpio:6", interval: 1s, warm-up: 0s}
EOF
  chmod 0644 "$work/sandboxed.yaml"
  sleep 2
  mosquitto_sub -p "$port" -t 'envgate/sandbox-test/readings' -W 90 >"$work/sandbox-readings" 2>&1 & pids+=($!)
  runuser -u envgate -- env CACHE_DIRECTORY=/var/cache/envgate \
    /usr/bin/python3 "$work/seccomp-exec.py" /lib/systemd/system/envgate.service \
    envgate run --config "$work/sandboxed.yaml" >"$work/sandboxed.log" 2>&1 & sandboxed=$!
  pids+=($sandboxed)
  for _ in $(seq 900); do
    grep -q '"n":"pm/pm2_5"' "$work/sandbox-readings" && grep -q '"n":"rain/rainfall"' "$work/sandbox-readings" && break
    sleep 0.1
  done
  check "sandbox: under the system call filter, the pty sensor's readings reach the broker" \
    grep -q '"n":"pm/pm2_5"' "$work/sandbox-readings"
  check "sandbox: under the system call filter, the mock GPIO rain gauge's readings reach the broker" \
    grep -q '"n":"rain/rainfall"' "$work/sandbox-readings"
  java_pid=$(pgrep -u envgate -f "envgate.jar run --config $work/sandboxed.yaml" | head -1)
  check "sandbox: the filter is on the JVM (Seccomp: 2 in /proc/PID/status)" \
    grep -qP '^Seccomp:\t2$' "/proc/$java_pid/status"
  kill -TERM "$java_pid"
  wait "$sandboxed"
  same "sandbox: SIGTERM still ends it with 143" 143 "$?"
  check "sandbox: no refused call in the log" test -z "$(grep -i 'not permitted' "$work/sandboxed.log")"
  if [ "$failed" != 0 ]; then echo "--- sandboxed gateway log"; cat "$work/sandboxed.log"; fi
  stop_helpers
else
  fail "sandbox: python3-seccomp is missing (apt-get install python3-seccomp): the filter cannot be applied"
fi

# --- upgrade over a changed config and a buffer --------------------------------------------
echo "# changed on site" >>/etc/envgate/gateway.yaml
buffer_sum=$(md5sum </var/lib/envgate/readings.db)
archive_inode=$(stat -c %i "$archive")
check "upgrade: dpkg -i of the package again" logged "$work/upgrade.log" dpkg -i "$deb"
check "upgrade: the class archive is made again for the new jar" \
  test -s "$archive" -a "$(stat -c %i "$archive")" != "$archive_inode"
check "upgrade: keeps the changed config" grep -qx '# changed on site' /etc/envgate/gateway.yaml
same "upgrade: keeps the buffer" "$buffer_sum" "$(md5sum </var/lib/envgate/readings.db)"
same "upgrade: keeps the config's rights" "root:envgate 640" "$(stat -c '%U:%G %a' /etc/envgate/gateway.yaml)"

# --- remove, then purge ---------------------------------------------------------------------
check "remove: (the technician had enabled the service)" logged /dev/null systemctl enable envgate.service
check "remove: dpkg -r envgate" logged "$work/remove.log" dpkg -r envgate
check "remove: the command is gone" test ! -e /usr/bin/envgate
check "remove: the unit is gone" test ! -e /lib/systemd/system/envgate.service
check "remove: the service is disabled, no link left behind" test ! -L "$wants"
check "remove: keeps the config" test -f /etc/envgate/gateway.yaml
check "remove: keeps the buffer" test -f /var/lib/envgate/readings.db
check "remove: the class archive goes with the jar it was made for" test ! -e "$archive"
check "remove: ... and its folder" test ! -e "$(dirname "$archive")"
check "remove: keeps the user" logged /dev/null getent passwd envgate
check "purge: dpkg --purge envgate" logged "$work/purge.log" dpkg --purge envgate
check "purge: the user is gone" test -z "$(getent passwd envgate)"
check "purge: the group is gone" test -z "$(getent group envgate)"
check "purge: dialout stays" logged /dev/null getent group dialout
for dir in /var/lib/envgate /var/cache/envgate /etc/envgate; do
  check "purge: $dir is gone" test ! -e "$dir"
done
same "purge: no trace in dpkg" "" "$(dpkg-query -W -f='${Status}' envgate 2>/dev/null)"

# --- purge beside envgate-ingest: its config and secrets in /etc/envgate stay ---------------
check "beside ingest: dpkg -i envgate" logged "$work/reinstall.log" dpkg -i "$deb"
printf '%s\n' '# ingest' >/etc/envgate/ingest.yaml
printf '%s\n' 'secret' >/etc/envgate/ingest-mqtt-password
printf '%s\n' 'secret' >/etc/envgate/mqtt-password
check "beside ingest: dpkg --purge envgate" logged "$work/purge-beside.log" dpkg --purge envgate
check "beside ingest: the gateway's config is gone" test ! -e /etc/envgate/gateway.yaml
check "beside ingest: the gateway's secret is gone" test ! -e /etc/envgate/mqtt-password
check "beside ingest: ingest.yaml stays" test -f /etc/envgate/ingest.yaml
check "beside ingest: ingest's secret stays" test -f /etc/envgate/ingest-mqtt-password
rm -rf /etc/envgate

echo "test-package: $passed passed, $failed failed"
[ "$failed" = 0 ]
