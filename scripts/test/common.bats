#!/usr/bin/env bats
# lib/common.sh's rules, each said once for every script: the settle rule, the whole-number reader,
# the start hint. No server: thread_total is replaced by a list of totals where needed.

load test_helper

setup() {
  # shellcheck source=../lib/common.sh
  source "$SCRIPTS/lib/common.sh"
  SAMPLES_FILE=$BATS_TEST_TMPDIR/totals
  # Stands in for thread_total: the next total of $SAMPLES_FILE (the last one once they run out).
  thread_total() {
    local next
    next=$(head -n 1 "$SAMPLES_FILE")
    if (( $(wc -l < "$SAMPLES_FILE") > 1 )); then sed -i 1d "$SAMPLES_FILE"; fi
    echo "$next"
  }
}

@test "await_settled: settled on the third equal total in a row, not before" {
  printf '%s\n' 40 31 31 28 28 28 26 > "$SAMPLES_FILE"
  run await_settled http://127.0.0.1:1 30
  [ "$status" -eq 0 ]
  [ "$output" = 28 ]
  [ "$(cat "$SAMPLES_FILE")" = 26 ]
}

@test "await_settled: a total still changing at the deadline is the last one, status 1" {
  seq 100 200 > "$SAMPLES_FILE"
  run await_settled http://127.0.0.1:1 1
  [ "$status" -eq 1 ]
  (( output > 100 && output < 110 ))
}

@test "await_settled: no total read, status 2" {
  thread_total() { echo "could not read" >&2; return 1; }
  run await_settled http://127.0.0.1:1 5
  [ "$status" -eq 2 ]
}

@test "whole_number: one reader and one wording for counts and ports" {
  run whole_number -n 007 1
  [ "$status" -eq 0 ]
  [ "$output" = 7 ]
  run whole_number -n ten 1
  [ "$status" -eq 2 ]
  [[ $output == *"-n needs a whole number >= 1, got 'ten'"* ]]
  run whole_number --port 65536 0 65535
  [ "$status" -eq 2 ]
  [[ $output == *"--port needs a whole number from 0 to 65535, got '65536'"* ]]
  run whole_number --tolerance 0 0
  [ "$output" = 0 ]
  run whole_number --count -1 1
  [ "$status" -eq 2 ]
}

@test "start_hint keeps the port of the URL the script was given" {
  [[ $(start_hint http://127.0.0.1:6190) == "start one with: scripts/run-server.sh exercise --port 6190   (or in the background: scripts/run-server.sh exercise --port 6190 --background)" ]]
  [[ $(start_hint http://localhost) == *"exercise --port 80 "* ]]
  [[ $(start_hint "http://[::1]:6191") == *"exercise --port 6191 "* ]]
}
