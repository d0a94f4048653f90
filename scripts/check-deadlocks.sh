#!/usr/bin/env bash
# Runs the deadlock check of the deadlock chapter on a module, holding it to "no deadlock", and
# prints what the JVM found.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

MODULES_TSV="$WORKBOOK_ROOT/scripts/modules.tsv"

# deadlock_modules: "name<TAB>module" for each row of chapter deadlock in scripts/modules.tsv.
deadlock_modules() {
  [[ -f $MODULES_TSV ]] || die "no module list at $MODULES_TSV"
  awk -F'\t' '!/^#/ && $1 == "deadlock" { print $2 "\t" $3 }' "$MODULES_TSV"
}

NAMES=$(deadlock_modules | cut -f1 | paste -sd, - | sed 's/,/, /g')

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

read_module_name "$NAMES" "$@"
name=$MODULE_NAME
module=$(deadlock_modules | awk -F'\t' -v name="$name" '$1 == name { print $2 }')
verdicts="$WORKBOOK_ROOT/$module/target/check-verdicts.tsv"

echo "running the deadlock check of $module (no deadlock expected) ..."
rm -f "$verdicts"
module_tests "$module" -Ddeadlockmatrix.expect=none '-Dtest=DeadlockMatrixTest#transfersInOppositeDirections'

line=""
[[ -f $verdicts ]] && line=$(awk -F'\t' '$1 == "deadlock"' "$verdicts")
[[ -n $line ]] || checks_did_not_run "the deadlock check of $module"
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
  *) die "unexpected verdict '$verdict' in $verdicts" ;;
esac
require_tests_passed "no deadlock, but the deadlock check of $module"
echo "no deadlock in $name"
