#!/usr/bin/env bash
# Runs the deadlock check of the deadlock chapter on a module, holding it to "no deadlock", and
# prints what the JVM found.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

NAMES=$(module_names deadlock)

usage() {
  cat <<USAGE
Usage: $PROG [${NAMES//, /|}]

Runs the deadlock check of the deadlock matrix (toolkit/deadlock-matrix) on a module of the
deadlock chapter, no deadlock expected:

  ./mvnw -q -pl MODULE -am test -Ddeadlockmatrix.expect=none '-Dtest=DeadlockMatrixTest#transfersInOppositeDirections' -Dsurefire.failIfNoSpecifiedTests=false

The check sends one transfer from A to B and one from B to A at once, a few times, and asks the
JVM (ThreadMXBean.findDeadlockedThreads) whether request threads deadlocked. It reads the verdict
from MODULE/target/check-verdicts.tsv and prints "deadlocks" with each thread of the cycle (what it
waits for, who holds it, where that lock was taken), or "no-deadlock". Default module: exercise
(exercises/profiling/03-deadlock).

Example: $PROG step1
Exit status: 0 when the module does not deadlock, 1 when it does (or when the build fails), 2 on
bad arguments.
USAGE
}

read_module deadlock "$@"
name=$MODULE_NAME
module=$MODULE
require_module_java

echo "running the deadlock check of $module (no deadlock expected) ..."
module_tests "$module" -Ddeadlockmatrix.expect=none '-Dtest=DeadlockMatrixTest#transfersInOppositeDirections'
read_verdicts "$module" "the deadlock check of $module"

line=$(awk -F'\t' '$1 == "deadlock"' <<< "$VERDICTS")
[[ -n $line ]] || checks_did_not_run "the deadlock check of $module" "no deadlock verdict in $module/target/check-verdicts.tsv"
IFS=$'\t' read -r _ verdict detail <<< "$line"

case $verdict in
  deadlocks)
    printf '%-50s deadlocks\n' "deadlock: transfers A to B and B to A at once"
    # "2 threads deadlocked: T1 waits for …; T2 waits for …": one thread of the cycle a line.
    printf '  %s\n' "${detail%%: *}:"
    awk -v RS='; ' '{ sub(/\n$/, ""); print "    " $0 }' <<< "${detail#*: }"
    echo "$name deadlocks"
    exit 1 ;;
  no-deadlock)
    printf '%-50s no-deadlock (%s)\n' "deadlock: transfers A to B and B to A at once" "$detail" ;;
  *) die "unknown verdict '$verdict' in $module/target/check-verdicts.tsv" ;;
esac
require_tests_passed "no deadlock, but the deadlock check of $module"
echo "no deadlock in $name"
