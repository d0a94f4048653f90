#!/usr/bin/env bats
# check-leaks.sh and the module list: how it reads the verdicts the leak matrix writes, against a
# stand-in ./mvnw that writes them, and how every script reads scripts/modules.tsv (no build, no server).

load test_helper

setup() {
  fake_checkout check-leaks.sh
}

LEAK1="leak 1: the work queue is never closed"
LEAK2="leak 2: cancellation is not propagated"
LEAK3="leak 3: the error path leaves the producer blocked"
JOIN="join: the answer waits for the pool's threads"

@test "check-leaks.sh: every leak remaining, with its threads in the singular or the plural, exit 1" {
  verdicts=$(verdict "$LEAK1" remains "15 threads per request"; echo; verdict "$LEAK2" remains "16 threads per request"
    echo; verdict "$LEAK3" remains "1 thread per request"; echo; verdict "$JOIN" not-joined "45 threads alive at 6 of 6 answers")
  run env FAKE_MAVEN_EXIT=1 FAKE_VERDICTS="$verdicts" "$CHECK"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "running the leak checks of exercises/profiling/03-threads (every leak expected fixed) ..." ]
  [ "${lines[1]}" = "leak 1: the work queue is never closed                  remains (15 threads per request)" ]
  [ "${lines[3]}" = "leak 3: the error path leaves the producer blocked      remains (1 thread per request)" ]
  [ "${lines[4]}" = "join: the answer waits for the pool's threads           not yet (45 threads alive at 6 of 6 answers)" ]
  [ "${lines[5]}" = "3 of 3 leaks remain in exercise" ]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl exercises/profiling/03-threads -am test -Dleakmatrix.expect=none "* ]]
}

@test "check-leaks.sh: no leak but not joined, exit 1 naming fix 3; all fixed and joined, exit 0" {
  verdicts=$(verdict "$LEAK1" fixed; echo; verdict "$LEAK2" fixed; echo; verdict "$LEAK3" fixed
    echo; verdict "$JOIN" not-joined "1 thread alive at 1 of 6 answers")
  run env FAKE_MAVEN_EXIT=1 FAKE_VERDICTS="$verdicts" "$CHECK" step2
  [ "$status" -eq 1 ]
  [[ ${lines[4]} == *"not yet (1 thread alive at 1 of 6 answers)" ]]
  [[ ${lines[5]} == "no leak remains in step2, but fix 3 is not complete: "* ]]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl solutions/profiling/03-threads/step2-propagate-cancellation "* ]]

  verdicts=$(verdict "$LEAK1" fixed; echo; verdict "$LEAK2" fixed; echo; verdict "$LEAK3" fixed; echo; verdict "$JOIN" joined)
  run env FAKE_VERDICTS="$verdicts" "$CHECK" step3
  [ "$status" -eq 0 ]
  [ "${lines[4]}" = "join: the answer waits for the pool's threads           joined" ]
  [ "${lines[5]}" = "no leak remains in step3, and every path joins its threads" ]
}

@test "check-leaks.sh: no verdict file, or one from an earlier run, exit 1 saying the checks did not run" {
  run env FAKE_MAVEN_EXIT=1 FAKE_MAVEN_OUTPUT="[ERROR] COMPILATION ERROR : WorkerPool.java" "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"COMPILATION ERROR"* ]]
  [[ $output == *"the leak checks of exercises/profiling/03-threads did not run (Maven exit 1; its output is above): no verdicts in exercises/profiling/03-threads/target/check-verdicts.tsv"* ]]

  run env FAKE_VERDICTS="$(verdict "$LEAK1" fixed)" "$CHECK"
  [[ $output == *"$LEAK1"*"fixed"* ]]
  touch -d '1 hour ago' "$ROOT/exercises/profiling/03-threads/target/check-verdicts.tsv"
  run env FAKE_MAVEN_EXIT=1 "$CHECK"
  [ "$status" -eq 1 ]
  [[ $output == *"did not run (Maven exit 1; its output is above): exercises/profiling/03-threads/target/check-verdicts.tsv is from an earlier run"* ]]
  [[ $output != *"$LEAK1"* ]]
}

@test "modules.tsv is the one list: a step added there is known to the check, its usage and its errors" {
  printf 'threads-virtual\tvirtual-step9\tsolutions/profiling/03-threads-virtual/step9-new\t17\n' >> "$ROOT/scripts/modules.tsv"
  run "$CHECK" --help
  [[ ${lines[0]} == "Usage: check-leaks.sh [exercise|step1|step2|step3|virtual-exercise|"*"|virtual-step4|virtual-step9]" ]]
  run "$CHECK" step9
  [ "$status" -eq 2 ]
  [[ $output == *"(modules: exercise, step1, step2, step3, virtual-exercise, virtual-step1, virtual-step2, virtual-step3, virtual-step4, virtual-step9)"* ]]
  verdicts=$(verdict "$LEAK1" fixed; echo; verdict "$LEAK2" fixed; echo; verdict "$LEAK3" fixed; echo; verdict "$JOIN" joined)
  run env FAKE_VERDICTS="$verdicts" "$CHECK" virtual-step9
  [ "$status" -eq 0 ]
  [[ $(cat "$ROOT/mvnw.args") == "-q -pl solutions/profiling/03-threads-virtual/step9-new -am test "* ]]
}

@test "modules.tsv: a line that is not four tab-separated columns is named, exit 1" {
  printf 'threads step4 solutions/profiling/03-threads/step4 17\n' >> "$ROOT/scripts/modules.tsv"
  line=$(wc -l < "$ROOT/scripts/modules.tsv")
  run "$CHECK" step1
  [ "$status" -eq 1 ]
  [[ $output == *"modules.tsv line $line is not \"chapter<TAB>name<TAB>module<TAB>java\": threads step4"* ]]
  [ ! -e "$ROOT/mvnw.args" ]
}
