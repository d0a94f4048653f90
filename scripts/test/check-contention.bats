#!/usr/bin/env bats
# check-contention.sh: its arguments, and how it reads the verdicts the contention matrix writes, against
# a stand-in ./mvnw that writes them (no build, no server).

load test_helper

setup() {
  fake_checkout check-contention.sh
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
  verdicts=$(verdict "contention 1: $POINT1" remains "17 waits, 1733.6 ms, in /debug/mutex"
    echo; verdict "contention 2: $POINT2" remains "1 wait, 63.2 ms, in /debug/mutex"
    echo; verdict "contention 3: $POINT3" remains "10 waits, 157.3 ms, in /debug/block")
  run env FAKE_MAVEN_EXIT=1 FAKE_VERDICTS="$verdicts" "$CHECK"
  [ "$status" -eq 1 ]
  [[ ${lines[0]} == "running the contention checks of exercises/profiling/04-contention (every point expected fixed) ..." ]]
  [[ ${lines[1]} =~ ^"contention 1: $POINT1"\ +"remains (17 waits, 1733.6 ms, in /debug/mutex)"$ ]]
  [[ ${lines[2]} =~ ^"contention 2: $POINT2"\ +"remains (1 wait, 63.2 ms, in /debug/mutex)"$ ]]
  [[ ${lines[3]} =~ ^"contention 3: $POINT3"\ +"remains (10 waits, 157.3 ms, in /debug/block)"$ ]]
  [ "${lines[4]}" = "3 of 3 contention points remain in exercise" ]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl exercises/profiling/04-contention -am test -Dcontentionmatrix.expect=none "* ]]
}

@test "check-contention.sh: one point left, exit 1; all fixed, exit 0; the printed lines do not count" {
  verdicts=$(verdict "contention 1: $POINT1" fixed; echo; verdict "contention 2: $POINT2" fixed
    echo; verdict "contention 3: $POINT3" remains "9 waits, 140.0 ms, in /debug/block")
  printed="[contention-matrix] solution-04-contention-step2 contention 3: $POINT3 fixed"
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="$printed" FAKE_VERDICTS="$verdicts" "$CHECK" step2
  [ "$status" -eq 1 ]
  [[ ${lines[1]} =~ ^"contention 1: $POINT1"\ +fixed$ ]]
  [[ ${lines[3]} =~ ^"contention 3: $POINT3"\ +"remains (9 waits, 140.0 ms, in /debug/block)"$ ]]
  [ "${lines[4]}" = "1 of 3 contention points remain in step2" ]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl solutions/profiling/04-contention/step2-quote-outside-lock "* ]]

  verdicts=$(verdict "contention 1: $POINT1" fixed; echo; verdict "contention 2: $POINT2" fixed
    echo; verdict "contention 3: $POINT3" fixed)
  run env FAKE_MAVEN_EXIT=0 FAKE_VERDICTS="$verdicts" "$CHECK" step3
  [ "$status" -eq 0 ]
  [ "${lines[4]}" = "no contention point remains in step3" ]
}

@test "check-contention.sh: the build failing with every point fixed, or no check run, exit 1 saying so" {
  verdicts=$(verdict "contention 1: $POINT1" fixed; echo; verdict "contention 2: $POINT2" fixed
    echo; verdict "contention 3: $POINT3" fixed)
  out="[ERROR] ContentionMatrixTest.stopReportsTheAuditWriter: the last line"
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="$out" FAKE_VERDICTS="$verdicts" "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"[ERROR] ContentionMatrixTest.stopReportsTheAuditWriter"* ]]
  [[ $output == *"no contention point remains, but the contention checks of exercises/profiling/04-contention failed (Maven exit 1"* ]]

  # A verdict file from an earlier run, then a build that fails before the matrix runs.
  touch -d '1 hour ago' "$ROOT/exercises/profiling/04-contention/target/check-verdicts.tsv"
  out="[ERROR] COMPILATION ERROR : Inventory.java:[20,9] cannot find symbol"
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="$out" "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"COMPILATION ERROR"* ]]
  [[ $output == *"the contention checks of exercises/profiling/04-contention did not run (Maven exit 1; its output is above): exercises/profiling/04-contention/target/check-verdicts.tsv is from an earlier run"* ]]
  [[ $output != *$'\n'"contention 1:"* ]]

  rm "$ROOT/exercises/profiling/04-contention/target/check-verdicts.tsv"
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="$out" "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"did not run (Maven exit 1; its output is above): no verdicts in exercises/profiling/04-contention/target/check-verdicts.tsv"* ]]
}

@test "check-contention.sh: a verdict it does not know is an error, not a pass" {
  run env FAKE_VERDICTS="$(verdict "contention 1: $POINT1" maybe)" "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"unknown verdict 'maybe' for 'contention 1: $POINT1' in exercises/profiling/04-contention/target/check-verdicts.tsv"* ]]
}
