#!/usr/bin/env bash
# Runs a module's leak checks holding it to "no leak left" and prints, leak by leak, which remain,
# and whether every path joins its threads (fix 3).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [exercise|step1|step2|step3|virtual-exercise|virtual-step1|virtual-step2|virtual-step3]

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

read_module_name "$MODULE_NAMES" "$@"
name=$MODULE_NAME
module=$(module_of "$name")
require_module_java "$name"

echo "running the leak checks of $module (every leak expected fixed) ..."
module_tests "$module" -Dleakmatrix.expect=none '-Dtest=LeakMatrixTest#leak+joins'

# [leak-matrix] <module>  leak N: <description>  fixed | LEAKS K threads per request ...
# [leak-matrix] <module>  join: <description>    joined | NOT JOINED K threads alive at N of M answers ...
verdicts=$(sed -nE 's/^\[leak-matrix\] +[^ ]+ +((leak [0-9]+|join): [a-z '"'"']*[a-z]) +(fixed|joined|LEAKS [0-9]+ threads per request|NOT JOINED [0-9a-z ]*answers)( +<--.*)?$/\1\t\3/p' "$CHECK_OUTPUT")
[[ -n $verdicts ]] || checks_did_not_run "the leak checks of $module"

remaining=0 joined=false
while IFS=$'\t' read -r check verdict; do
  case $verdict in
    fixed) printf '%-55s fixed\n' "$check" ;;
    joined) printf '%-55s joined\n' "$check"; joined=true ;;
    LEAKS*) printf '%-55s remains (%s)\n' "$check" "${verdict#LEAKS }"; remaining=$((remaining + 1)) ;;
    NOT\ JOINED*) printf '%-55s not yet (%s)\n' "$check" "${verdict#NOT JOINED }" ;;
  esac
done <<< "$verdicts"

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
