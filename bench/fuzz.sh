#!/usr/bin/env bash
# Fuzzes one Jazzer @FuzzTest target of any module for real and prints executions, coverage and
# any finding.
#
#   bench/fuzz.sh --list                    every target of every module: MODULE CLASS#METHOD
#   bench/fuzz.sh TARGET [MINUTES]          fuzz TARGET for MINUTES (default 10)
#
# TARGET is CLASS#METHOD, CLASS when it has one target, or MODULE:CLASS#METHOD. Targets are
# found by grep for @FuzzTest, so a new one needs no change here. A finding is saved by Jazzer
# as a crash-* file in the target's inputs directory (src/test/resources/<package>/<Class>Inputs/
# <method>/); once fixed, commit it so that `mvn verify` replays it. The working corpus grows in
# MODULE/.cifuzz-corpus/ (not committed) and is reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# Prints "MODULE CLASS#METHOD" for every @FuzzTest method of every module.
targets() {
  grep -rl --include='*.java' '@FuzzTest' -- */src/test/java 2>/dev/null | sort | while read -r file; do
    module=${file%%/*}
    class=$(basename "$file" .java)
    awk '/@FuzzTest/ {found = 1; next}
         found && match($0, /void [A-Za-z0-9_]+\(/) {print substr($0, RSTART + 5, RLENGTH - 6); found = 0}' "$file" |
      while read -r method; do
        echo "$module $class#$method"
      done
  done
}

[ $# -ge 1 ] || usage
if [ "$1" = "--list" ]; then
  targets
  exit 0
fi
[ "$1" != "-h" ] && [ "$1" != "--help" ] || usage

target=$1
minutes=${2:-10}
[[ $minutes =~ ^[0-9]+$ ]] && [ "$minutes" -ge 1 ] || { echo "MINUTES must be a whole number of minutes, at least 1" >&2; exit 2; }
module=""
if [[ $target == *:* ]]; then
  module=${target%%:*}
  target=${target#*:}
fi
matches=$(targets | awk -v t="$target" -v m="$module" '
  (m == "" || $1 == m) && ($2 == t || (index(t, "#") == 0 && index($2, t "#") == 1))')
count=$(printf '%s' "$matches" | grep -c . || true)
if [ "$count" -ne 1 ]; then
  if [ "$count" -eq 0 ]; then
    echo "no fuzz target '$1'; bench/fuzz.sh --list shows them" >&2
  else
    echo "'$1' names $count targets; give CLASS#METHOD or MODULE:CLASS#METHOD:" >&2
    printf '%s\n' "$matches" >&2
  fi
  exit 2
fi
module=${matches%% *}
test=${matches#* }
seconds=$((minutes * 60))

log=$(mktemp "${TMPDIR:-/tmp}/envgate-fuzz.XXXXXX")
echo "fuzzing $module $test for $minutes min (log: $log)"
set +e
JAZZER_FUZZ=1 mvn -B -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.instrument='org.envgate.**' \
  -DargLine="-Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time=$seconds" >"$log" 2>&1
status=$?
set -e

done_line=$(grep -P '^#[0-9]+\tDONE' "$log" | tail -1)
last_line=$(grep -P '^#[0-9]+\t' "$log" | tail -1)
stats=${done_line:-$last_line}
if [ -n "$stats" ]; then
  execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$stats")
  cov=$(grep -oP 'cov: \K[0-9]+' <<<"$stats" || echo "?")
  ft=$(grep -oP 'ft: \K[0-9]+' <<<"$stats" || echo "?")
  corpus=$(grep -oP 'corp: \K[^ ]+' <<<"$stats" || echo "?")
  rate=$(grep -oP 'exec/s: \K[0-9]+' <<<"$stats" || echo "?")
  echo "executions: $execs ($rate/s)"
  echo "coverage:   $cov edges, $ft features; corpus $corpus (inputs/bytes)"
fi
grep -P '^Done [0-9]+ runs' "$log" || true
findings=$(grep -oP '(?<=Test unit written to |crash file written to |Crash file: )\S+' "$log" || true)
if grep -qE '== Java Exception|FuzzerSecurityIssue|Tests run:.*(Failures|Errors): [1-9]' "$log"; then
  echo "FINDING:"
  grep -E -A12 '== Java Exception|FuzzerSecurityIssue' "$log" | head -30
  [ -z "$findings" ] || echo "saved input: $findings"
  echo "inputs to commit once fixed:"
  git status --porcelain -- "$module/src/test/resources" | grep -E 'Inputs/' || true
  exit 1
fi
if [ $status -ne 0 ]; then
  echo "the build failed before fuzzing; see $log" >&2
  tail -20 "$log" >&2
  exit $status
fi
echo "no finding"
