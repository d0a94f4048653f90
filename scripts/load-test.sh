#!/usr/bin/env bash
# Bounded load and soak against a running workbook server, with wrk: every request answered,
# tasks counted, thread total back to idle, p99 and heap over a soak.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [--url URL] [--requests N] [--concurrency C] [--soak SECONDS] [--query Q]

Runs against a server that is already running (scripts/run-server.sh step3 --background):
  1. load: N requests (default 10000) at concurrency C (default 64) to /process?Q
     (Q defaults to failEvery=0); prints answers by status, tasks processed, p50/p99,
     and the thread total before and after it settles (must come back to idle ± 2)
  2. soak (when --soak S > 0, default 0, at most 3600): S seconds at a moderate fixed pace
     (8 connections, 20 ms pause between requests), in 10 s windows: thread total and p99 per
     window, heap after a full GC before and after.

  --url URL     the server (default \$WORKBOOK_URL or http://127.0.0.1:6060)
  -h, --help    this help

Example: $PROG --requests 1000 --concurrency 16
Exit status: 0 when every request was answered and the total came back to idle ± 2; 1 otherwise,
when no workbook server answers at URL or a tool is missing (wrk, curl; jcmd for the heap
figures); 2 on bad arguments.
USAGE
}

url=$DEFAULT_URL requests=10000 concurrency=64 soak=0 query="failEvery=0"
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --url) require_value "$1" $#; url=$2; shift 2 ;;
    --requests) require_value "$1" $#; requests=$2; shift 2 ;;
    --concurrency) require_value "$1" $#; concurrency=$2; shift 2 ;;
    --soak) require_value "$1" $#; soak=$2; shift 2 ;;
    --query) require_value "$1" $#; query=${2#\?}; shift 2 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
requests=$(whole_number --requests "$requests" 1)
concurrency=$(whole_number --concurrency "$concurrency" 1)
soak=$(whole_number --soak "$soak" 0 3600)
(( requests >= concurrency )) || usage_error "--requests must be at least --concurrency"
url=$(base_url "$url")
require curl
require_server "$url"
require wrk

lua="$WORKBOOK_ROOT/scripts/load/count-and-stop.lua"
work=$(mktemp -d "${TMPDIR:-/tmp}/load-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

heap_after_gc() {
  command -v jcmd >/dev/null || { echo "n/a (no jcmd)"; return; }
  [[ -n $1 ]] || { echo "n/a (the profile names no pid)"; return; }
  jcmd "$1" GC.run >/dev/null
  curl -fsS --max-time "$CURL_MAX_TIME" "$url/metrics" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {sum += $NF} END {printf "%.1f MiB\n", sum / 1048576}'
}

# settled_total: the thread total once it has settled (at most 20 s; the last one otherwise).
settled_total() {
  local total status=0
  total=$(await_settled "$url" 20) || status=$?
  (( status < 2 )) || exit 1
  echo "$total"
}

idle=$(thread_total "$url")
fetch_json_profile "$url" "$work/profile.json"
server_pid=$(profile_pid "$work/profile.json")
echo "server pid $server_pid at $url, idle thread total $idle"

threads=2
per_thread=$(( (requests + threads - 1) / threads ))
echo "== load: $requests requests at concurrency $concurrency to /process?$query"
result=$(REQUESTS_PER_THREAD=$per_thread PAUSE_MS=0 wrk -t"$threads" -c"$concurrency" -d300s --timeout 30s \
  -s "$lua" "$url/process?$query" | grep '^RESULT' || true)
[[ -n $result ]] || die "wrk printed no result"
echo "$result"
after=$(settled_total)
echo "thread total: idle $idle -> after load $after"
status=0
if echo "$result" | grep -qE 'errors=[1-9]'; then echo "FAIL: some requests got no answer"; status=1; fi
if echo "$result" | grep -qE 'statuses=.*(5(0[0-2]|0[4-9])|[6-9][0-9][0-9])='; then echo "FAIL: 5xx other than 503"; status=1; fi
if (( after > idle + 2 )); then echo "FAIL: thread total did not come back to idle ± 2"; status=1; fi

if (( soak > 0 )); then
  echo "== soak: $soak s at 8 connections, 20 ms pause between requests"
  echo "heap after GC before soak: $(heap_after_gc "$server_pid")"
  windows=$(( (soak + 9) / 10 ))
  for w in $(seq 1 "$windows"); do
    line=$(REQUESTS_PER_THREAD=0 PAUSE_MS=20 wrk -t2 -c8 -d10s --timeout 30s -s "$lua" "$url/process?$query" | grep '^RESULT')
    echo "window $w: threads $(settled_total)  ${line#RESULT }"
  done
  echo "heap after GC after soak: $(heap_after_gc "$server_pid")"
fi
if (( status == 0 )); then echo "load-test: stable"; else echo "load-test: NOT stable"; fi
exit "$status"
