#!/usr/bin/env bash
# Chapter 4's load: GET URL from N connections at once, for S seconds, through the workbook's own
# client (toolkit/load's Load.java, run as a source file: only a JDK 17 or later is needed).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java" >/dev/null; then
  echo "load.sh: java is not installed (a JDK 17 or later; set JAVA_HOME or put java on PATH)" >&2
  exit 2
fi
exec "$java" "$here/../toolkit/load/src/main/java/dev/threadprofiling/load/Load.java" "$@"
