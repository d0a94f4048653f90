#!/usr/bin/env bats
# Help, bad arguments, missing tools and no server listening: no server is started here.

load test_helper

SCRIPT_NAMES=(run-server.sh drive.sh thread-count.sh watch-threads.sh verify-stable.sh compare-profiles.sh check-leaks.sh
  check-contention.sh time-formats.sh jdk21-chroot.sh load-test.sh)

@test "every script: --help prints its usage and exits 0" {
  for script in "${SCRIPT_NAMES[@]}"; do
    run "$SCRIPTS/$script" --help
    [ "$status" -eq 0 ] || { echo "$script --help exited $status"; false; }
    [[ ${lines[0]} == "Usage: $script"* ]] || { echo "$script: ${lines[0]}"; false; }
  done
}

@test "every script: an unknown option exits 2 and points to --help" {
  for script in "${SCRIPT_NAMES[@]}"; do
    run "$SCRIPTS/$script" --no-such-option
    [ "$status" -eq 2 ] || { echo "$script exited $status: $output"; false; }
    [[ $output == *"Try '$script --help'."* ]] || { echo "$script: $output"; false; }
  done
}

@test "bad values exit 2 with a message naming the option" {
  run "$SCRIPTS/drive.sh" -n ten
  [ "$status" -eq 2 ]
  [[ $output == *"-n needs a whole number from 1 to 100000, got 'ten'"* ]]
  run "$SCRIPTS/drive.sh" -c 0
  [ "$status" -eq 2 ]
  run "$SCRIPTS/drive.sh" --mix --query failEvery=1
  [ "$status" -eq 2 ]
  run "$SCRIPTS/drive.sh" -n
  [ "$status" -eq 2 ]
  [[ $output == *"-n needs a value"* ]]
  run "$SCRIPTS/thread-count.sh" --groups x
  [ "$status" -eq 2 ]
  run "$SCRIPTS/time-formats.sh" --rounds 0
  [ "$status" -eq 2 ]
  [[ $output == *"--rounds needs a whole number >= 1, got '0'"* ]]
  run "$SCRIPTS/time-formats.sh" --url http://example.com:6060
  [ "$status" -eq 2 ]
  run "$SCRIPTS/watch-threads.sh" -i soon
  [ "$status" -eq 2 ]
  run "$SCRIPTS/watch-threads.sh" --count -1
  [ "$status" -eq 2 ]
  run "$SCRIPTS/verify-stable.sh" --tolerance a
  [ "$status" -eq 2 ]
  run "$SCRIPTS/verify-stable.sh" --settle 0
  [ "$status" -eq 2 ]
  run "$SCRIPTS/run-server.sh" step4
  [ "$status" -eq 2 ]
  run "$SCRIPTS/run-server.sh"
  [ "$status" -eq 2 ]
  [[ $output == *"which server?"* ]]
  run "$SCRIPTS/run-server.sh" exercise --port http
  [ "$status" -eq 2 ]
  run "$SCRIPTS/run-server.sh" exercise --background --stop
  [ "$status" -eq 2 ]
  run "$SCRIPTS/compare-profiles.sh" only-one.json
  [ "$status" -eq 2 ]
  run "$SCRIPTS/compare-profiles.sh" missing-before.json missing-after.json
  [ "$status" -eq 2 ]
  [[ $output == *"no such file: missing-before.json"* ]]
  run "$SCRIPTS/check-leaks.sh" step9
  [ "$status" -eq 2 ]
  [[ $output == *"(modules: exercise, step1, step2, step3, virtual-exercise, virtual-step1, virtual-step2, virtual-step3, virtual-step4)"* ]]
  run "$SCRIPTS/load-test.sh" --soak 3601
  [ "$status" -eq 2 ]
  [[ $output == *"--soak needs a whole number from 0 to 3600, got '3601'"* ]]
  run "$SCRIPTS/load-test.sh" --requests 10 --concurrency 64
  [ "$status" -eq 2 ]
  [[ $output == *"--requests must be at least --concurrency"* ]]
  run "$SCRIPTS/jdk21-chroot.sh"
  [ "$status" -eq 2 ]
  [[ $output == *"which command?"* ]]
  run "$SCRIPTS/jdk21-chroot.sh" --dir relative/dir java -version
  [ "$status" -eq 2 ]
  [[ $output == *"--dir must be an absolute path"* ]]
}

@test "a URL off this machine is refused with exit 2" {
  for script in drive.sh thread-count.sh watch-threads.sh verify-stable.sh load-test.sh; do
    run "$SCRIPTS/$script" --url http://example.com:6060
    [ "$status" -eq 2 ] || { echo "$script exited $status: $output"; false; }
    [[ $output == *"on loopback"* ]]
  done
  run "$SCRIPTS/compare-profiles.sh" http://example.com/debug/threads http://127.0.0.1:6060
  [ "$status" -eq 2 ]
}

@test "no server listening: every script that talks to one exits 1 and says how to start one on its port" {
  port=$(unused_port)
  url=http://127.0.0.1:$port
  for args in "drive.sh --url $url" "thread-count.sh --url $url" "thread-count.sh --groups --url $url" \
      "watch-threads.sh --count 1 --url $url" "verify-stable.sh --url $url" "compare-profiles.sh $url $url" \
      "time-formats.sh --url $url" "load-test.sh --url $url"; do
    read -ra argv <<< "$args"
    run "$SCRIPTS/${argv[0]}" "${argv[@]:1}"
    [ "$status" -eq 1 ] || { echo "$args exited $status: $output"; false; }
    [[ $output == *"no server is running at $url (connection refused)"* ]] || { echo "$args: $output"; false; }
    [[ $output == *"start one with: scripts/run-server.sh exercise --port $port "* ]] || { echo "$args: $output"; false; }
  done
  WORKBOOK_URL=$url run "$SCRIPTS/verify-stable.sh"
  [[ $output == *"scripts/run-server.sh exercise --port $port --background"* ]]
}

@test "a missing curl or jq is named with the package to install" {
  bin=$BATS_TEST_TMPDIR/bin
  mkdir -p "$bin"
  for tool in /usr/bin/* /bin/*; do
    name=${tool##*/}
    [[ $name == curl || $name == jq || -e $bin/$name ]] || ln -s "$tool" "$bin/$name"
  done
  PATH=$bin run "$SCRIPTS/drive.sh" -n 1
  [ "$status" -eq 1 ]
  [[ $output == *"curl is not installed; install it with: apt-get install curl"* ]]
  [[ $output != *"apt-get install curl jq"* ]]
  ln -s "$(command -v curl)" "$bin/curl"
  PATH=$bin run "$SCRIPTS/thread-count.sh" --groups 2 --url "http://127.0.0.1:$(unused_port)"
  [ "$status" -eq 1 ]
  [[ $output == *"jq is not installed; install it with: apt-get install jq" ]]
}

@test "compare-profiles.sh: a non-profile JSON is refused clearly; JSON and jstack text are read by scripts/threadprof" {
  echo '{"error":"pprof output is not available"}' > "$BATS_TEST_TMPDIR/error.json"
  echo '{"schema":"threadprof/v1","total":0,"capturedAt":"2026-01-01T00:00:00Z","process":{"pid":1},"threads":[]}' \
    > "$BATS_TEST_TMPDIR/empty.json"
  run "$SCRIPTS/compare-profiles.sh" "$BATS_TEST_TMPDIR/error.json" "$BATS_TEST_TMPDIR/empty.json"
  [ "$status" -eq 1 ]
  [[ $output == *"holds an error, not a profile: pprof output is not available"* ]]
  run "$SCRIPTS/compare-profiles.sh" "$BATS_TEST_TMPDIR/empty.json" "$BATS_TEST_TMPDIR/empty.json"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "total 0 -> 0 (0)" ]
  [[ ! $output =~ $'\n'\ *[-+][0-9] ]]
  printf '"main" #1 prio=5\n   java.lang.Thread.State: RUNNABLE\n' > "$BATS_TEST_TMPDIR/dump.txt"
  run "$SCRIPTS/compare-profiles.sh" "$BATS_TEST_TMPDIR/empty.json" "$BATS_TEST_TMPDIR/dump.txt"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "total 0 -> 1 (+1)" ]
}

@test "check-leaks.sh: a virtual-thread module on a Java before 21 says which Java it needs, before any build" {
  home=$BATS_TEST_TMPDIR/jdk17
  mkdir -p "$home/bin"
  printf '#!/bin/sh\necho "    java.specification.version = 17" >&2\n' > "$home/bin/java"
  chmod +x "$home/bin/java"
  JAVA_HOME=$home run "$SCRIPTS/check-leaks.sh" virtual-exercise
  [ "$status" -eq 1 ]
  [ "$output" = "check-leaks.sh: virtual-exercise needs Java 21+ (virtual threads); ./mvnw runs Java 17 here: set JAVA_HOME to a JDK 21+" ]
}
