#!/usr/bin/env bash
# Runs chapter 4's contention checks on a module holding it to "no contention left" and prints,
# point by point, which remain.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  local names
  names=$(module_names contention)
  cat <<USAGE
Usage: $PROG [${names//, /|}]

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

read_module contention "$@"
name=$MODULE_NAME
module=$MODULE

echo "running the contention checks of $module (every point expected fixed) ..."
module_tests "$module" -Dcontentionmatrix.expect=none \
  '-Dtest=ContentionMatrixTest#waitsOnlyWhereTheContentionIsPresent'
read_verdicts "$module" "the contention checks of $module"

# The contention matrix's verdicts: fixed, or remains with the waits the profile shows.
remaining=0 points=0
while IFS=$'\t' read -r point verdict detail; do
  points=$((points + 1))
  case $verdict in
    fixed) printf '%-78s fixed\n' "$point" ;;
    remains) printf '%-78s remains (%s)\n' "$point" "$detail"; remaining=$((remaining + 1)) ;;
    *) die "unknown verdict '$verdict' for '$point' in $module/target/check-verdicts.tsv" ;;
  esac
done <<< "$VERDICTS"

if (( remaining > 0 )); then
  echo "$remaining of $points contention points remain in $name"
  exit 1
fi
require_tests_passed "no contention point remains, but the contention checks of $module"
echo "no contention point remains in $name"
