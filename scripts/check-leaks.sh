#!/usr/bin/env bash
# Runs a module's leak checks holding it to "no leak left" and prints, leak by leak, which remain,
# and whether every path joins its threads (fix 3).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  local names
  names=$(module_names "$THREADS_CHAPTERS")
  cat <<USAGE
Usage: $PROG [${names//, /|}]

Runs the leak checks of the leak matrix (toolkit/leak-matrix) on the module, every leak expected
fixed:

  ./mvnw -q -pl MODULE -am test -Dleakmatrix.expect=none '-Dtest=LeakMatrixTest#leak+joins' -Dsurefire.failIfNoSpecifiedTests=false

and prints each of the three leaks as "fixed" or "remains", then whether the answer waits for the
request's threads ("joined"; "not yet" when a thread of the request was still alive when its
answer was sent: it was cancelled, or ended by itself, but nobody joined it). Default module:
exercise. The virtual-* modules (chapter 3 on virtual threads) need ./mvnw to run on Java 21+
(JAVA_HOME).

Example: $PROG step2
Exit status: 0 when no leak remains and every path joins, 1 otherwise (or when the build fails),
2 on bad arguments.
USAGE
}

read_module "$THREADS_CHAPTERS" "$@"
name=$MODULE_NAME
module=$MODULE
require_module_java

echo "running the leak checks of $module (every leak expected fixed) ..."
module_tests "$module" -Dleakmatrix.expect=none '-Dtest=LeakMatrixTest#leak+joins'
read_verdicts "$module" "the leak checks of $module"

# The leak matrix's verdicts: fixed or remains for each leak, joined or not-joined for fix 3.
remaining=0 joined=false
while IFS=$'\t' read -r check verdict detail; do
  case $verdict in
    fixed) printf '%-55s fixed\n' "$check" ;;
    joined) printf '%-55s joined\n' "$check"; joined=true ;;
    remains) printf '%-55s remains (%s)\n' "$check" "$detail"; remaining=$((remaining + 1)) ;;
    not-joined) printf '%-55s not yet (%s)\n' "$check" "$detail" ;;
    *) die "unknown verdict '$verdict' for '$check' in $module/target/check-verdicts.tsv" ;;
  esac
done <<< "$VERDICTS"

if (( remaining > 0 )); then
  echo "$remaining of 3 leaks remain in $name"
  exit 1
fi
if [[ $joined != true ]]; then
  echo "no leak remains in $name, but fix 3 is not complete: a request's threads were still alive when its answer was sent; cancel, then join them before answering"
  exit 1
fi
require_tests_passed "no leak remains, but the leak checks of $module"
echo "no leak remains in $name, and every path joins its threads"
