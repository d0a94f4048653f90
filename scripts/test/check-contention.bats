#!/usr/bin/env bats
# check-contention.sh: its arguments, and how it reads the contention matrix's lines, against a
# stand-in ./mvnw that prints them (no build, no server).

load test_helper

setup() {
  # A checkout of the script alone, whose ./mvnw prints $FAKE_MAVEN_OUTPUT, records its
  # arguments and exits $FAKE_MAVEN_EXIT.
  ROOT="$BATS_TEST_TMPDIR/checkout"
  mkdir -p "$ROOT/scripts/lib"
  cp "$SCRIPTS/check-contention.sh" "$ROOT/scripts/"
  cp "$SCRIPTS/lib/common.sh" "$ROOT/scripts/lib/"
  cat > "$ROOT/mvnw" <<'MVNW'
#!/usr/bin/env bash
printf '%s\n' "$*" > "$(dirname "$0")/mvnw.args"
printf '%s\n' "${FAKE_MAVEN_OUTPUT:-}"
exit "${FAKE_MAVEN_EXIT:-0}"
MVNW
  chmod +x "$ROOT/mvnw"
  CHECK="$ROOT/scripts/check-contention.sh"
}

line() { # line MODULE N DESCRIPTION VERDICT: one line as ContentionMatrix prints it
  printf '[contention-matrix] %-30s %-76s %s' "$1" "contention $2: $3" "$4"
}

POINT1="the inventory lock is held across the warehouse call"
POINT2="the price list's lock is held while the price is computed"
POINT3="the audit entries are handed off unbuffered to the one writer"

@test "check-contention.sh: a module that is not chapter 4's, or two modules, exit 2" {
  run "$SCRIPTS/check-contention.sh" step9
  [ "$status" -eq 2 ]
  [[ $output == *"unknown module: step9 (modules: exercise, step1, step2, step3)"* ]]
  [[ $output == *"Try 'check-contention.sh --help'."* ]]
  run "$SCRIPTS/check-contention.sh" virtual-exercise
  [ "$status" -eq 2 ]
  run "$SCRIPTS/check-contention.sh" exercise step3
  [ "$status" -eq 2 ]
  [[ $output == *"one module at a time"* ]]
}

@test "check-contention.sh --help names the tests it runs and its exit status" {
  run "$SCRIPTS/check-contention.sh" --help
  [ "$status" -eq 0 ]
  [[ $output == *"-Dcontentionmatrix.expect=none"* ]]
  [[ $output == *"Exit status: 0 when no contention point remains"* ]]
}

@test "check-contention.sh: every point remaining, exit 1 with the count; the exercise by default" {
  out=$(line exercise-04-contention 1 "$POINT1" "WAITS 17 times (1733.6 ms) in /debug/mutex"
    echo; line exercise-04-contention 2 "$POINT2" "WAITS 16 times (1663.2 ms) in /debug/mutex"
    echo; line exercise-04-contention 3 "$POINT3" "WAITS 10 times (157.3 ms) in /debug/block")
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="$out" "$CHECK"
  [ "$status" -eq 1 ]
  [[ ${lines[0]} == "running the contention checks of exercises/profiling/04-contention (every point expected fixed) ..." ]]
  [[ ${lines[1]} =~ ^"contention 1: $POINT1"\ +"remains (17 waits, 1733.6 ms, in /debug/mutex)"$ ]]
  [[ ${lines[3]} =~ ^"contention 3: $POINT3"\ +"remains (10 waits, 157.3 ms, in /debug/block)"$ ]]
  [ "${lines[4]}" = "3 of 3 contention points remain in exercise" ]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl exercises/profiling/04-contention -am test -Dcontentionmatrix.expect=none "* ]]
}

@test "check-contention.sh: one point left, exit 1; all fixed, exit 0" {
  out=$(line solution-04-contention-step2 1 "$POINT1" fixed
    echo; line solution-04-contention-step2 2 "$POINT2" fixed
    echo; line solution-04-contention-step2 3 "$POINT3" "WAITS 9 times (140.0 ms) in /debug/block   <-- expected fixed")
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="$out" "$CHECK" step2
  [ "$status" -eq 1 ]
  [[ ${lines[1]} =~ ^"contention 1: $POINT1"\ +fixed$ ]]
  [ "${lines[4]}" = "1 of 3 contention points remain in step2" ]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl solutions/profiling/04-contention/step2-quote-outside-lock "* ]]

  out=$(line x 1 "$POINT1" fixed; echo; line x 2 "$POINT2" fixed; echo; line x 3 "$POINT3" fixed)
  run env FAKE_MAVEN_EXIT=0 FAKE_MAVEN_OUTPUT="$out" "$CHECK" step3
  [ "$status" -eq 0 ]
  [ "${lines[4]}" = "no contention point remains in step3" ]
}

@test "check-contention.sh: the build failing with every point fixed, or no check run, exit 1 saying so" {
  out=$(line x 1 "$POINT1" fixed; echo; line x 2 "$POINT2" fixed; echo; line x 3 "$POINT3" fixed
    echo; echo "[ERROR] ContentionMatrixTest.stopReportsTheAuditWriter: the last line")
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="$out" "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"[ERROR] ContentionMatrixTest.stopReportsTheAuditWriter"* ]]
  [[ $output == *"no contention point remains, but the contention checks of exercises/profiling/04-contention failed (Maven exit 1"* ]]

  out="[ERROR] COMPILATION ERROR : Inventory.java:[20,9] cannot find symbol"
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="$out" "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"COMPILATION ERROR"* ]]
  [[ $output == *"the contention checks of exercises/profiling/04-contention did not run (Maven exit 1; its output is above)"* ]]
}
