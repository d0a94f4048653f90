#!/usr/bin/env bats
# scripts/load.sh, the workbook's load client: help, bad arguments, loopback only, no server, and a
# bounded run against a real server.

load test_helper

@test "load.sh --help prints its usage and exits 0" {
  run "$SCRIPTS/load.sh" --help
  [ "$status" -eq 0 ]
  [[ ${lines[0]} == "Usage: load.sh"* ]]
}

@test "load.sh: an unknown option, a bad number or no URL exits 2 with a message" {
  run "$SCRIPTS/load.sh" --no-such-option http://localhost:6060/order
  [ "$status" -eq 2 ]
  [[ $output == *"unknown option: --no-such-option"* && $output == *"Try 'load.sh --help'."* ]]
  run "$SCRIPTS/load.sh" --connections 0 http://localhost:6060/order
  [ "$status" -eq 2 ]
  [[ $output == *"--connections needs a whole number from 1 to 256, got '0'"* ]]
  run "$SCRIPTS/load.sh" --seconds 301 http://localhost:6060/order
  [ "$status" -eq 2 ]
  run "$SCRIPTS/load.sh"
  [ "$status" -eq 2 ]
  [[ $output == *"which URL?"* ]]
}

@test "load.sh sends load to loopback addresses only" {
  run "$SCRIPTS/load.sh" http://10.1.2.3:6060/order
  [ "$status" -eq 2 ]
  [[ $output == *"loopback addresses only"* ]]
}

@test "load.sh: no server listening exits 1 and says so" {
  port=$(unused_port)
  run "$SCRIPTS/load.sh" --seconds 1 "http://127.0.0.1:$port/order"
  [ "$status" -eq 1 ]
  [[ $output == *"no server answers at http://127.0.0.1:$port/order"* ]]
}

@test "load.sh counts every answer by status, within its time bound" {
  command -v python3 >/dev/null || skip "tool missing: python3"
  port=$(unused_port)
  python3 -m http.server --bind 127.0.0.1 "$port" --directory "$BATS_TEST_TMPDIR" >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  run timeout 30 "$SCRIPTS/load.sh" --connections 2 --seconds 1 --warmup 0 "http://127.0.0.1:$port/missing"
  kill "$server"
  [ "$status" -eq 0 ]
  [[ ${lines[0]} == "GET http://127.0.0.1:$port/missing from 2 connections for 1 s (after 0 s of warm-up)" ]]
  [[ ${lines[1]} =~ ^404:\ [0-9]+\ +[0-9.]+\ req/s\ +p50\ [0-9.]+\ ms\ +p99\ [0-9.]+\ ms$ ]]
}
