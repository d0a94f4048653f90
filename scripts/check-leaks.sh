#!/usr/bin/env bash
# Runs a module's leak matrix holding it to "no leak left" and prints, leak by leak, which remain.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [exercise|step1|step2|step3]

Runs the leak matrix (toolkit/leak-matrix) of the module with -Dleakmatrix.expect=none, the
README's command for checking a fix:

  ./mvnw -q -pl MODULE -am verify -Dleakmatrix.expect=none -Dtest=LeakMatrixTest -Dsurefire.failIfNoSpecifiedTests=false

and prints each of the three leaks as "fixed" or "remains". Default module: exercise.

Example: $PROG step2
Exit status: 0 when no leak remains, 1 when one does (or the build fails), 2 on bad arguments.
USAGE
}

name=""
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    exercise|step1|step2|step3) [[ -z $name ]] || usage_error "one module at a time"; name=$1; shift ;;
    *) usage_error "unknown argument: $1 (modules: exercise, step1, step2, step3)" ;;
  esac
done
name=${name:-exercise}
module=$(module_of "$name")

output=$(mktemp "${TMPDIR:-/tmp}/check-leaks.XXXXXX")
trap 'rm -f "$output"' EXIT

echo "running the leak matrix of $module (every leak expected fixed) ..."
status=0
(cd "$WORKBOOK_ROOT" && ./mvnw -q -pl "$module" -am verify -Dleakmatrix.expect=none -Dtest=LeakMatrixTest \
    -Dsurefire.failIfNoSpecifiedTests=false) > "$output" 2>&1 || status=$?

# [leak-matrix] <module>  leak N: <description>  fixed | LEAKS K threads per request ...
verdicts=$(sed -nE 's/^\[leak-matrix\] +[^ ]+ +(leak [0-9]+: [a-z ]*[a-z]) +(fixed|LEAKS [0-9]+ threads per request)( +<--.*)?$/\1\t\2/p' "$output")
if [[ -z $verdicts ]]; then
  tail -n 40 "$output" >&2
  die "the leak matrix of $module did not run (Maven exit $status; its output is above)"
fi

remaining=0
while IFS=$'\t' read -r leak verdict; do
  if [[ $verdict == fixed ]]; then
    printf '%-55s fixed\n' "$leak"
  else
    printf '%-55s remains (%s)\n' "$leak" "${verdict#LEAKS }"
    remaining=$((remaining + 1))
  fi
done <<< "$verdicts"
grep -E '^\[leak-matrix\] .*(default requests left|SIGTERM)' "$output" | sed -E 's/^\[leak-matrix\] +[^ ]+ +//' || true

if (( remaining > 0 )); then
  echo "$remaining of 3 leaks remain in $name"
  exit 1
fi
if (( status != 0 )); then
  grep -E '^\[ERROR\]' "$output" | head -n 20 >&2 || true
  die "no leak remains, but the leak matrix of $module failed (Maven exit $status; errors above)"
fi
echo "no leak remains in $name"
