#!/usr/bin/env bash
# Proves a server's thread total comes back to idle after load: idle total, drive mixed requests,
# wait until the total settles, compare.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [--requests N] [--concurrency C] [--tolerance T] [--settle SECONDS] [--url URL]

Reads the idle thread total, drives N mixed requests (scripts/drive.sh --mix: default,
cancellation and error-path requests), polls the total until it stops changing, and compares.
Prints "stable" and exits 0 when the final total is at most idle + T; otherwise exits 1 and
shows the groups of threads that grew.

  --requests N      mixed requests to drive (default 100)
  --concurrency C   requests in flight at a time (default 4)
  --tolerance T     threads the final total may exceed the idle total by (default 2)
  --settle SECONDS  how long to wait at most for the total to stop changing (default 30)
  --url URL         the server (default \$WORKBOOK_URL or http://127.0.0.1:6060)
  -h, --help        this help

Example: $PROG --requests 20    (exits 1 on the exercise, 0 on step3)
Exit status: 0 stable, 1 not stable or no workbook server at URL, 2 on bad arguments.
USAGE
}

requests=100 concurrency=4 tolerance=2 settle=30 url=$DEFAULT_URL
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --requests) require_value "$1" $#; requests=$2; shift 2 ;;
    --concurrency) require_value "$1" $#; concurrency=$2; shift 2 ;;
    --tolerance) require_value "$1" $#; tolerance=$2; shift 2 ;;
    --settle) require_value "$1" $#; settle=$2; shift 2 ;;
    --url) require_value "$1" $#; url=$2; shift 2 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
requests=$(whole_number --requests "$requests" 1)
concurrency=$(whole_number --concurrency "$concurrency" 1)
tolerance=$(whole_number --tolerance "$tolerance" 0)
settle=$(whole_number --settle "$settle" 1)
url=$(base_url "$url")
require curl
require_server "$url"

work=$(mktemp -d "${TMPDIR:-/tmp}/verify-stable.XXXXXX")
trap 'rm -rf "$work"' EXIT

idle=$(thread_total "$url")
fetch_json_profile "$url" "$work/idle.json"
echo "idle total: $idle"

"$WORKBOOK_ROOT/scripts/drive.sh" --mix -n "$requests" -c "$concurrency" --url "$url"

settled=0
last=$(await_settled "$url" "$settle") || settled=$?
case $settled in
  0) echo "settled at $last threads" ;;
  1) echo "still changing after ${settle} s (last total $last): comparing anyway" ;;
  *) exit 1 ;;
esac

final=$(thread_total "$url")
echo "final total: $final (idle $idle, tolerance $tolerance)"
if (( final <= idle + tolerance )); then
  echo "stable"
  exit 0
fi

echo "NOT stable: $((final - idle)) more threads than idle; the groups that grew:"
fetch_json_profile "$url" "$work/final.json"
if command -v java >/dev/null 2>&1; then
  profile_diff "$work/idle.json" "$work/final.json" | awk '/^ *\+/ && shown++ < 20'
else
  echo "(install Java 17+ for a per-group diff through scripts/threadprof; the largest groups now:)"
  curl -sS --max-time "$CURL_MAX_TIME" "$url/debug/threads?debug=1" | grep -E '^[0-9]+ @ ' | head -n 10
fi
exit 1
