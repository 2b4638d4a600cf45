#!/usr/bin/env bash
# Stands in for java under the packaged launcher (systemd/envgate), so that a bench runs the
# gateway with exactly the JVM flags and environment that ship:
#
#   JAVA=bench/launcher-java.sh ENVGATE_LAUNCH="-jar gateway/target/envgate.jar" systemd/envgate run ...
#   JAVA=bench/launcher-java.sh ENVGATE_LAUNCH="-cp CLASSPATH MAIN" systemd/envgate ARGS...
#
# The launcher's "-jar /usr/share/envgate/envgate.jar" becomes the words of ENVGATE_LAUNCH (the
# built jar, or a bench's class path and main class); the installed package's class archive, which
# the launcher passes where it finds one, is left out, as it holds for the installed jar only and
# the JVM would drop it and the JDK's own archive too; every other argument passes unchanged, and
# java replaces this script, so the process the bench measures is the JVM itself.
set -euo pipefail
installed_jar=/usr/share/envgate/envgate.jar
installed_archive=/usr/lib/envgate/classes.jsa
read -r -a launch <<<"${ENVGATE_LAUNCH:?ENVGATE_LAUNCH names what runs in place of the installed jar}"
args=()
replaced=false
while [ $# -gt 0 ]; do
  if [ "$1" = -jar ] && [ "${2:-}" = "$installed_jar" ]; then
    args+=("${launch[@]}")
    replaced=true
    shift 2
  elif [ "$1" = "-XX:SharedArchiveFile=$installed_archive" ]; then
    shift
  else
    args+=("$1")
    shift
  fi
done
if [ "$replaced" != true ]; then
  echo "launcher-java: the launcher did not start $installed_jar: it has changed, update this script" >&2
  exit 2
fi
exec "${ENVGATE_BENCH_JAVA:-java}" "${args[@]}"
