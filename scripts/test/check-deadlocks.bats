#!/usr/bin/env bats
# check-deadlocks.sh: its arguments, and how it reads the deadlock matrix's verdict file, against a
# stand-in ./mvnw that writes one (no build, no server).

load test_helper

setup() {
  # A checkout of the script alone, whose ./mvnw writes $FAKE_VERDICTS into the module's
  # target/check-verdicts.tsv (unless it is empty), prints $FAKE_MAVEN_OUTPUT, records its
  # arguments and exits $FAKE_MAVEN_EXIT.
  ROOT="$BATS_TEST_TMPDIR/checkout"
  mkdir -p "$ROOT/scripts/lib"
  cp "$SCRIPTS/check-deadlocks.sh" "$SCRIPTS/modules.tsv" "$ROOT/scripts/"
  cp "$SCRIPTS/lib/common.sh" "$ROOT/scripts/lib/"
  cat > "$ROOT/mvnw" <<'MVNW'
#!/usr/bin/env bash
root=$(dirname "$0")
printf '%s\n' "$*" > "$root/mvnw.args"
if [[ -n ${FAKE_VERDICTS:-} ]]; then
  mkdir -p "$root/$3/target"
  printf '%b' "$FAKE_VERDICTS" > "$root/$3/target/check-verdicts.tsv"
fi
printf '%s\n' "${FAKE_MAVEN_OUTPUT:-}"
exit "${FAKE_MAVEN_EXIT:-0}"
MVNW
  chmod +x "$ROOT/mvnw"
  CHECK="$ROOT/scripts/check-deadlocks.sh"
}

DEADLOCKS='deadlock\tdeadlocks\t2 threads deadlocked: http-21 waits for dev.threadprofiling.bank.Account held by http-27 (locked in frame Bank.transfer(Bank.java:40)); http-27 waits for dev.threadprofiling.bank.Account held by http-21 (locked in frame Bank.transfer(Bank.java:40))\n'
NO_DEADLOCK='deadlock\tno-deadlock\t6 transfers answered, none deadlocked\n'

@test "check-deadlocks.sh: a module that is not the deadlock chapter's, or two modules, exit 2" {
  run "$SCRIPTS/check-deadlocks.sh" step3
  [ "$status" -eq 2 ]
  [[ $output == *"unknown module: step3 (modules: exercise, step1, step2)"* ]]
  [[ $output == *"Try 'check-deadlocks.sh --help'."* ]]
  run "$SCRIPTS/check-deadlocks.sh" exercise step1
  [ "$status" -eq 2 ]
  [[ $output == *"one module at a time"* ]]
  run "$SCRIPTS/check-deadlocks.sh" --fast
  [ "$status" -eq 2 ]
  [[ $output == *"unknown option: --fast"* ]]
}

@test "check-deadlocks.sh --help names the test it runs, the verdict file and its exit status" {
  run "$SCRIPTS/check-deadlocks.sh" --help
  [ "$status" -eq 0 ]
  [[ ${lines[0]} == "Usage: check-deadlocks.sh [exercise|step1|step2]" ]]
  [[ $output == *"-Ddeadlockmatrix.expect=none"* ]]
  [[ $output == *"target/check-verdicts.tsv"* ]]
  [[ $output == *"Exit status: 0 when the module does not deadlock"* ]]
}

@test "check-deadlocks.sh: a deadlock, exit 1 with each thread of the cycle; the exercise by default" {
  run env FAKE_MAVEN_EXIT=1 FAKE_VERDICTS="$DEADLOCKS" "$CHECK"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "running the deadlock check of exercises/profiling/03-deadlock (no deadlock expected) ..." ]
  [[ ${lines[1]} =~ ^"deadlock: transfers A to B and B to A at once"\ +"deadlocks"$ ]]
  [ "${lines[2]}" = "  2 threads deadlocked:" ]
  [ "${lines[3]}" = "    http-21 waits for dev.threadprofiling.bank.Account held by http-27 (locked in frame Bank.transfer(Bank.java:40))" ]
  [ "${lines[4]}" = "    http-27 waits for dev.threadprofiling.bank.Account held by http-21 (locked in frame Bank.transfer(Bank.java:40))" ]
  [ "${lines[5]}" = "exercise deadlocks" ]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl exercises/profiling/03-deadlock -am test -Ddeadlockmatrix.expect=none -Dtest=DeadlockMatrixTest#transfersInOppositeDirections -Dsurefire.failIfNoSpecifiedTests=false" ]]
}

@test "check-deadlocks.sh: no deadlock, exit 0; a verdict left from an earlier run is not read" {
  run env FAKE_VERDICTS="$NO_DEADLOCK" "$CHECK" step2
  [ "$status" -eq 0 ]
  [[ ${lines[1]} =~ ^"deadlock: transfers A to B and B to A at once"\ +"no-deadlock (6 transfers answered, none deadlocked)"$ ]]
  [ "${lines[2]}" = "no deadlock in step2" ]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl solutions/profiling/03-deadlock/step2-try-lock "* ]]

  # The file of that run is still there; this run's Maven writes none: the check did not run.
  touch -d '1 hour ago' "$ROOT/solutions/profiling/03-deadlock/step2-try-lock/target/check-verdicts.tsv"
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="[ERROR] COMPILATION ERROR : Bank.java:[40,9] cannot find symbol" "$CHECK" step2
  [ "$status" -eq 1 ]
  [[ $output == *"COMPILATION ERROR"* ]]
  [[ $output == *"the deadlock check of solutions/profiling/03-deadlock/step2-try-lock did not run (Maven exit 1; its output is above): solutions/profiling/03-deadlock/step2-try-lock/target/check-verdicts.tsv is from an earlier run"* ]]
}

@test "check-deadlocks.sh: no deadlock but the build failing, exit 1 saying so; an unknown verdict, exit 1" {
  run env FAKE_MAVEN_EXIT=1 FAKE_VERDICTS="$NO_DEADLOCK" \
    FAKE_MAVEN_OUTPUT="[ERROR] DeadlockMatrixTest.transfersInOppositeDirections: every transfer of the load is made" "$CHECK" step1
  [ "$status" -eq 1 ]
  [[ $output == *"[ERROR] DeadlockMatrixTest.transfersInOppositeDirections"* ]]
  [[ $output == *"no deadlock, but the deadlock check of solutions/profiling/03-deadlock/step1-lock-order failed (Maven exit 1"* ]]

  run env FAKE_VERDICTS='deadlock\tmaybe\t?\n' "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"unknown verdict 'maybe'"* ]]
}
