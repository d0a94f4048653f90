#!/usr/bin/env bash
# Bounded load and soak against a running workbook server, with wrk: every request answered,
# tasks counted, thread total back to idle, p99 and heap over a soak.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/load-test.sh [--url URL] [--requests N] [--concurrency C] [--soak SECONDS] [--query Q]

Runs against a server that is already running (scripts/run-server.sh step3 --background):
  1. load: N requests (default 10000) at concurrency C (default 64) to /process?Q
     (Q defaults to failEvery=0); prints answers by status, tasks processed, p50/p99,
     and the thread total before and after (must come back to idle ± 2)
  2. soak (when --soak S > 0, default 0): S seconds at a moderate fixed pace (8 connections,
     20 ms pause between requests), in 10 s windows: thread total and p99 per window,
     heap after a full GC before and after.
Exit 0 when every request was answered and the total came back to idle ± 2, else 1.
Needs wrk, curl, jq (apt-get install wrk curl jq) and the JDK's jcmd for the heap figures.
USAGE
}

url="http://127.0.0.1:6060"
requests=10000
concurrency=64
soak=0
query="failEvery=0"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --url) url="${2:?--url needs a value}"; shift 2 ;;
    --requests) requests="${2:?--requests needs a value}"; shift 2 ;;
    --concurrency) concurrency="${2:?--concurrency needs a value}"; shift 2 ;;
    --soak) soak="${2:?--soak needs a value}"; shift 2 ;;
    --query) query="${2:?--query needs a value}"; shift 2 ;;
    *) echo "load-test.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$requests" "$concurrency" "$soak"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "load-test.sh: not a whole number: $n" >&2; exit 2; }
done
[ "$requests" -ge "$concurrency" ] || { echo "load-test.sh: --requests must be at least --concurrency" >&2; exit 2; }
[ "$soak" -le 3600 ] || { echo "load-test.sh: --soak is capped at 3600 seconds" >&2; exit 2; }
for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "load-test.sh: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done
case "$url" in
  http://127.*|http://localhost*|http://\[::1\]*) ;;
  *) echo "load-test.sh: load goes to loopback addresses only, not $url" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
lua="$here/load/count-and-stop.lua"

total() {
  local body
  body=$(curl -fsS --max-time 10 "$url/debug/threads?debug=1") || return 1
  awk 'NR == 1 {print $NF}' <<<"$body"
}
pid() { curl -fsS --max-time 10 "$url/debug/threads?format=json" | jq -r '.process.pid'; }
heap_after_gc() {
  command -v jcmd >/dev/null || { echo "n/a (no jcmd)"; return; }
  jcmd "$1" GC.run >/dev/null
  curl -fsS --max-time 10 "$url/metrics" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {sum += $NF} END {printf "%.1f MiB\n", sum / 1048576}'
}
settle() {  # wait (bounded) until the total stops changing
  local last now i
  last=$(total)
  for i in $(seq 1 40); do
    sleep 0.5
    now=$(total)
    [ "$now" = "$last" ] && [ "$i" -ge 4 ] && break
    last=$now
  done
  echo "$last"
}

idle=$(total) || { echo "load-test.sh: no workbook server answers at $url (start one: scripts/run-server.sh step3 --background)" >&2; exit 1; }
server_pid=$(pid)
echo "server pid $server_pid at $url, idle thread total $idle"

threads=2
per_thread=$(( (requests + threads - 1) / threads ))
echo "== load: $requests requests at concurrency $concurrency to /process?$query"
result=$(REQUESTS_PER_THREAD=$per_thread PAUSE_MS=0 wrk -t"$threads" -c"$concurrency" -d300s --timeout 30s \
  -s "$lua" "$url/process?$query" | grep '^RESULT' || true)
[ -n "$result" ] || { echo "load-test.sh: wrk printed no result" >&2; exit 1; }
echo "$result"
after=$(settle)
echo "thread total: idle $idle -> after load $after"
status=0
if echo "$result" | grep -qE 'errors=[1-9]'; then echo "FAIL: some requests got no answer"; status=1; fi
if echo "$result" | grep -qE 'statuses=.*(5(0[0-2]|0[4-9])|[6-9][0-9][0-9])='; then echo "FAIL: 5xx other than 503"; status=1; fi
if [ "$after" -gt $((idle + 2)) ]; then echo "FAIL: thread total did not come back to idle ± 2"; status=1; fi

if [ "$soak" -gt 0 ]; then
  echo "== soak: $soak s at 8 connections, 20 ms pause between requests"
  echo "heap after GC before soak: $(heap_after_gc "$server_pid")"
  windows=$(( (soak + 9) / 10 ))
  for w in $(seq 1 "$windows"); do
    line=$(REQUESTS_PER_THREAD=0 PAUSE_MS=20 wrk -t2 -c8 -d10s --timeout 30s -s "$lua" "$url/process?$query" | grep '^RESULT')
    echo "window $w: threads $(settle)  ${line#RESULT }"
  done
  echo "heap after GC after soak: $(heap_after_gc "$server_pid")"
fi
[ "$status" -eq 0 ] && echo "load-test: stable" || echo "load-test: NOT stable"
exit "$status"
