#!/usr/bin/env bats
# The scripts against real servers: the exercise (leaks) and step3 (fixed), each on a free port.

load test_helper

setup_file() {
  export WORKBOOK_RUN_DIR=$BATS_FILE_TMPDIR/run
  start_server exercise
  start_server step3
}

teardown_file() {
  stop_server exercise
  stop_server step3
}

@test "run-server.sh --background: the pid is the server JVM itself" {
  server exercise
  tr '\0' ' ' < "/proc/$PID/cmdline" | grep -q 'dev.threadprofiling.workerpool.Main'
  [ -f "$WORKBOOK_RUN_DIR/exercise-$PORT.pid" ]
  [ "$(cat "$WORKBOOK_RUN_DIR/exercise-$PORT.pid")" = "$PID" ]
}

@test "thread-count.sh prints the total of the endpoint's header" {
  server exercise
  run "$SCRIPTS/thread-count.sh" --url "$URL"
  [ "$status" -eq 0 ]
  header=$(curl -s "$URL/debug/threads?debug=1" | head -n 1)
  [ "$header" = "thread profile: total $output" ]
}

@test "time-formats.sh: one row per format, jcmd included, sizes of the real answers" {
  server step3
  run "$SCRIPTS/time-formats.sh" --url "$URL" --rounds 3
  [ "$status" -eq 0 ]
  [[ ${lines[0]} =~ ^[0-9]+\ threads\ at\ $URL\;\ first\ request,\ then\ the\ median\ of\ 3\ interleaved\ rounds$ ]]
  [ "$(printf '%s\n' "${lines[@]:2}" | awk '{ print $1 }' | paste -sd ' ')" = "debug=1 pprof debug=2 format=json jcmd" ]
  # every time is a positive number of ms, and debug=1's own ratio is 1.0
  printf '%s\n' "${lines[@]:2}" | awk '!($2 > 0 && $3 > 0) { exit 1 }'
  [[ ${lines[2]} =~ ^debug=1\ .*\ 1\.0\ +[0-9]+$ ]]
  # the sizes are those of the answers: JSON, which holds every thread, is larger than gzipped pprof
  pprof=$(printf '%s\n' "${lines[3]}" | awk '{ print $5 }') json=$(printf '%s\n' "${lines[5]}" | awk '{ print $5 }')
  (( json > pprof ))
}

@test "drive.sh: 10 default requests on a fresh exercise server answer 200: 8  422: 2" {
  server exercise
  run "$SCRIPTS/drive.sh" -n 10 -c 4 --url "$URL"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "10 requests to $URL/process (concurrency 4)" ]
  [ "${lines[1]}" = "200: 8  422: 2" ]
  # 8 full batches of 100 tasks, plus what the two failed batches did before their bad record
  [[ ${lines[2]} =~ ^tasks\ processed:\ ([0-9]+)$ ]]
  (( BASH_REMATCH[1] >= 800 && BASH_REMATCH[1] < 1000 ))
}

@test "thread-count.sh --groups: the 8 successful requests left 120 workers in TaskQueue.take" {
  needs_shipped_exercise
  server exercise
  idle=$(curl -s "$URL/debug/threads?debug=1" | grep -v -E '^(#|$)' | grep -v -E 'worker-|producer-' \
    | awk '/^[0-9]+ @/ { n += $1 } END { print n }')
  await_total "$URL" $(( idle + 120 + 2 ))
  run "$SCRIPTS/thread-count.sh" --url "$URL" --groups 3
  [ "$status" -eq 0 ]
  [ "${lines[0]}" -eq $(( idle + 122 )) ]
  [[ ${lines[1]} =~ ^\ +120\ +WAITING\ +worker-\*-\*\ +TaskQueue\.take\(TaskQueue\.java:[0-9]+\)$ ]]
}

@test "compare-profiles.sh names the worker group that grew, with its delta" {
  needs_shipped_exercise
  server exercise
  curl -s "$URL/debug/threads?format=json" > "$BATS_TEST_TMPDIR/before.json"
  before=$(jq .total "$BATS_TEST_TMPDIR/before.json")
  "$SCRIPTS/drive.sh" -n 2 -c 1 --query failEvery=0 --url "$URL"
  await_total "$URL" $(( before + 30 ))
  curl -s "$URL/debug/threads?format=json" > "$BATS_TEST_TMPDIR/after.json"
  run "$SCRIPTS/compare-profiles.sh" "$BATS_TEST_TMPDIR/before.json" "$BATS_TEST_TMPDIR/after.json"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "total $before -> $(( before + 30 )) (+30)" ]
  [[ ${lines[1]} =~ ^\ *\+30\ +WAITING\ +worker-\*-\*\ +TaskQueue\.take\(TaskQueue\.java:[0-9]+\)$ ]]
  run "$SCRIPTS/compare-profiles.sh" "$BATS_TEST_TMPDIR/before.json" "$URL"
  [ "$status" -eq 0 ]
  [[ $output =~ $'\n'\ *\+30\ +WAITING\ +worker-\*-\* ]]
}

@test "watch-threads.sh --count 3 prints three samples and the change" {
  server exercise
  run "$SCRIPTS/watch-threads.sh" -i 0.2 --count 3 --url "$URL"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 5 ]
  [[ ${lines[1]} =~ ^[0-9]{2}:[0-9]{2}:[0-9]{2}\ +[0-9]+\ +0$ ]]
  [[ ${lines[4]} =~ ^3\ samples\;\ first\ [0-9]+,\ last\ [0-9]+,\ change\ [-+]?[0-9]+$ ]]
}

@test "verify-stable.sh exits 1 on the exercise and shows the groups that grew" {
  needs_shipped_exercise
  server exercise
  run "$SCRIPTS/verify-stable.sh" --requests 10 --url "$URL"
  [ "$status" -eq 1 ]
  [[ $output == *"NOT stable"* ]]
  [[ $output =~ $'\n'\ *\+[0-9]+\ +WAITING\ +worker-\*-\* ]]
  [[ $output =~ $'\n'\ *\+[0-9]+\ +WAITING\ +producer-\* ]]
}

@test "drive.sh --mix covers the three paths: 200: 6  422: 2  504: 2 on a fresh step3 server" {
  server step3
  run "$SCRIPTS/drive.sh" -n 10 -c 1 --mix --url "$URL"
  [ "$status" -eq 0 ]
  [ "${lines[1]}" = "mix: 6 default, 2 cancellation (taskMs=100&deadlineMs=50&failEvery=0), 2 error-path (failEvery=1)" ]
  [ "${lines[2]}" = "200: 6  422: 2  504: 2" ]
}

@test "verify-stable.sh exits 0 on step3" {
  server step3
  run "$SCRIPTS/verify-stable.sh" --requests 10 --url "$URL"
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = "stable" ]
}

@test "run-server.sh --stop without a server on that port says so" {
  run "$SCRIPTS/run-server.sh" step3 --stop --port "$(unused_port)"
  [ "$status" -eq 1 ]
  [[ $output == *"no step3 server started with --background"* ]]
}
