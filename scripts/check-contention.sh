#!/usr/bin/env bash
# Runs chapter 4's contention checks on a module holding it to "no contention left" and prints,
# point by point, which remain.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [exercise|step1|step2|step3]

Runs the contention checks of the contention matrix (toolkit/contention-matrix) on chapter 4's
module, every contention point expected fixed:

  ./mvnw -q -pl MODULE -am test -Dcontentionmatrix.expect=none '-Dtest=ContentionMatrixTest#waitsOnlyWhereTheContentionIsPresent' -Dsurefire.failIfNoSpecifiedTests=false

Each check sends a burst of concurrent orders that can wait at one point only and reads that
window's block or mutex profile. The script prints each of the three points as "fixed" (no wait
there) or "remains" (how many waits the profile shows), then a summary line. Default module:
exercise (exercises/profiling/04-contention).

Example: $PROG step2
Exit status: 0 when no contention point remains, 1 otherwise (or when the build fails), 2 on bad
arguments.
USAGE
}

read_module_name "$CONTENTION_MODULE_NAMES" "$@"
name=$MODULE_NAME
module=$(contention_module_of "$name")

echo "running the contention checks of $module (every point expected fixed) ..."
module_tests "$module" -Dcontentionmatrix.expect=none \
  '-Dtest=ContentionMatrixTest#waitsOnlyWhereTheContentionIsPresent'

# [contention-matrix] <module>  contention N: <description>  fixed | WAITS K times (M ms) in /debug/P ...
verdicts=$(sed -nE 's/^\[contention-matrix\] +[^ ]+ +(contention [0-9]+: [a-z '"'"']*[a-z]) +(fixed|WAITS [0-9]+ times \([0-9.]+ ms\) in \/debug\/[a-z]+)( +<--.*)?$/\1\t\2/p' "$CHECK_OUTPUT")
[[ -n $verdicts ]] || checks_did_not_run "the contention checks of $module"

remaining=0 points=0
while IFS=$'\t' read -r point verdict; do
  points=$((points + 1))
  case $verdict in
    fixed) printf '%-78s fixed\n' "$point" ;;
    *) [[ $verdict =~ ^WAITS\ ([0-9]+)\ times\ \(([0-9.]+\ ms)\)\ in\ (.*)$ ]]
       printf '%-78s remains (%s waits, %s, in %s)\n' "$point" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
       remaining=$((remaining + 1)) ;;
  esac
done <<< "$verdicts"

if (( remaining > 0 )); then
  echo "$remaining of $points contention points remain in $name"
  exit 1
fi
require_tests_passed "no contention point remains, but the contention checks of $module"
echo "no contention point remains in $name"
