#!/usr/bin/env bash
# Samples a workbook server's thread total every few seconds: the chapter's `watch -n 5`, without watch.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [-i SECONDS] [--count N] [--url URL]

Every SECONDS prints the time, the thread total of URL/debug/threads?debug=1 and its change
since the first sample. Stops on Ctrl-C or after N samples.

  -i SECONDS     seconds between samples, decimals allowed (default 5)
  --count N      stop after N samples (default 720: an hour at -i 5)
  --url URL      the server (default \$WORKBOOK_URL or http://127.0.0.1:6060)
  -h, --help     this help

Example: $PROG -i 1 --count 10
Exit status: 0, 1 when no workbook server answers at URL (also when it stops answering), 2 on
bad arguments.
USAGE
}

interval=5 count=720 url=$DEFAULT_URL
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    -i) require_value "$1" $#; interval=$2; shift 2 ;;
    --count) require_value "$1" $#; count=$2; shift 2 ;;
    --url) require_value "$1" $#; url=$2; shift 2 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
require_seconds -i "$interval"
count=$(whole_number --count "$count" 1)
url=$(base_url "$url")
require curl
require_server "$url"

first="" samples=0 total=""
finish() {
  [[ -n $first ]] || { echo "no samples"; exit 0; }
  echo "$samples samples; first $first, last $total, change $(signed $((total - first)))"
  exit 0
}
signed() {
  if (( $1 > 0 )); then echo "+$1"; else echo "$1"; fi
}
trap finish INT TERM

printf '%-8s  %7s  %s\n' time total change
for (( samples = 1; samples <= count; samples++ )); do
  total=$(thread_total "$url")
  first=${first:-$total}
  printf '%-8s  %7d  %s\n' "$(date +%H:%M:%S)" "$total" "$(signed $((total - first)))"
  (( samples == count )) && break
  sleep "$interval"
done
finish
