#!/usr/bin/env bats
# scripts/monitor.sh: arguments, a missing prometheus, and a real one started, scraping and stopped.

load test_helper

@test "monitor.sh --help says what it does and exits 0" {
  run "$SCRIPTS/monitor.sh" --help
  [ "$status" -eq 0 ]
  [[ $output == *"Usage: monitor.sh"* ]]
  [[ $output == *"--fast"* ]]
}

@test "monitor.sh rejects bad arguments with exit 2" {
  run "$SCRIPTS/monitor.sh" --bogus
  [ "$status" -eq 2 ]
  [[ $output == *"unknown argument: --bogus"* ]]
  run "$SCRIPTS/monitor.sh" --target exercise
  [ "$status" -eq 2 ]
  [[ $output == *"--target must be JOB=HOST:PORT on loopback"* ]]
  run "$SCRIPTS/monitor.sh" --target exercise=10.0.0.1:6060
  [ "$status" -eq 2 ]
  run "$SCRIPTS/monitor.sh" --port 70000
  [ "$status" -eq 2 ]
  [[ $output == *"--port needs a whole number from 1 to 65535"* ]]
  run "$SCRIPTS/monitor.sh" --duration 0
  [ "$status" -eq 2 ]
}

@test "monitor.sh names the package when prometheus is missing" {
  PROMETHEUS_BIN=/nonexistent/prometheus run "$SCRIPTS/monitor.sh" --port "$(unused_port)"
  [ "$status" -eq 1 ]
  [[ $output == *"/nonexistent/prometheus is not installed; install it with: apt-get install prometheus"* ]]
}

@test "monitor.sh runs prometheus on loopback, scrapes its targets, keeps its port, stops on time and removes its data" {
  command -v prometheus >/dev/null || skip "tool missing: prometheus"
  local port target out
  port=$(unused_port)
  target=$(unused_port)
  out=$BATS_TEST_TMPDIR/monitor.out
  "$SCRIPTS/monitor.sh" --fast --port "$port" --duration 6 --target "exercise=127.0.0.1:$target" > "$out" 2>&1 3>&- &
  local pid=$!
  local i
  for (( i = 0; i < 60; i++ )); do
    grep -q 'Prometheus is ready' "$out" && break
    sleep 0.5
  done
  grep -q "Prometheus is ready on http://127.0.0.1:$port" "$out"
  local data
  data=$(sed -n 's/^data directory: \(.*\) (removed when it stops)$/\1/p' "$out")
  [ -d "$data" ]
  # file_sd hands the targets over shortly after start-up
  for (( i = 0; i < 20; i++ )); do
    curl -s "http://127.0.0.1:$port/api/v1/targets" | grep -q "127.0.0.1:$target" && break
    sleep 0.25
  done
  run curl -s "http://127.0.0.1:$port/api/v1/targets"
  [[ $output == *"\"job\":\"exercise\""* ]]
  [[ $output == *"127.0.0.1:$target"* ]]
  run curl -s "http://127.0.0.1:$port/api/v1/rules"
  [[ $output == *"\"name\":\"ThreadLeak\""* ]]
  [[ $output == *"[10s]"* ]]
  run "$SCRIPTS/monitor.sh" --port "$port"
  [ "$status" -eq 1 ]
  [[ $output == *"port $port is already in use on 127.0.0.1"* ]]
  wait "$pid"
  grep -q 'stopped after 6 s' "$out"
  [ ! -e "$data" ]
  run curl -s --max-time 2 "http://127.0.0.1:$port/-/ready"
  [ "$status" -ne 0 ]
}
