#!/usr/bin/env bash
# Sends N requests to /process with C in flight at a time and summarises the answers.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [-n N] [-c C] [--url URL] [--query Q | --mix]

Sends N requests to URL/process, C at a time, and prints how many got each status code
and how many tasks the server reports as processed.

  -n N           number of requests (default 100)
  -c C           requests in flight at a time (default 4)
  --url URL      the server (default \$WORKBOOK_URL or http://127.0.0.1:6060)
  --query Q      query string for every request, e.g. 'taskMs=100&deadlineMs=50&failEvery=0'
                 (the cancellation leak)
  --mix          cover all three leak paths: of every 5 requests, 3 are default requests,
                 1 is a cancellation request (taskMs=100&deadlineMs=50&failEvery=0) and
                 1 is an error-path request (failEvery=1)
  -h, --help     this help

Example: $PROG -n 10 -c 2       prints, on a fresh exercise server:  200: 8  422: 2
Exit status: 0 when every request was answered, 1 when some were not or no server
listens at URL, 2 on bad arguments.
USAGE
}

readonly CANCEL_QUERY='taskMs=100&deadlineMs=50&failEvery=0'
readonly ERROR_QUERY='failEvery=1'

requests=100 concurrency=4 url=$DEFAULT_URL query="" mix=false
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    -n) require_value "$1" $#; requests=$2; shift 2 ;;
    -c) require_value "$1" $#; concurrency=$2; shift 2 ;;
    --url) require_value "$1" $#; url=$2; shift 2 ;;
    --query) require_value "$1" $#; query=${2#\?}; shift 2 ;;
    --mix) mix=true; shift ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
requests=$(whole_number -n "$requests" 1 100000)
concurrency=$(whole_number -c "$concurrency" 1)
[[ $mix == true && -n $query ]] && usage_error "--mix and --query cannot be combined"
[[ $query =~ ^[A-Za-z0-9_.~%=\&-]*$ ]] || usage_error "--query may hold only name=value pairs joined by '&', got '$query'"
url=$(base_url "$url")
require curl
require_server "$url"

work=$(mktemp -d "${TMPDIR:-/tmp}/drive.XXXXXX")
trap 'rm -rf "$work"' EXIT

# request_query I: the query of request I (1-based).
request_query() {
  if [[ $mix == true ]]; then
    case $(( $1 % 5 )) in
      3) echo "$CANCEL_QUERY" ;;
      0) echo "$ERROR_QUERY" ;;
      *) echo "" ;;
    esac
  else
    echo "$query"
  fi
}

kinds_default=0 kinds_cancel=0 kinds_error=0
for (( i = 1; i <= requests; i++ )); do
  q=$(request_query "$i")
  case $q in
    "$CANCEL_QUERY") kinds_cancel=$((kinds_cancel + 1)) ;;
    "$ERROR_QUERY") kinds_error=$((kinds_error + 1)) ;;
    *) kinds_default=$((kinds_default + 1)) ;;
  esac
  printf 'url = "%s/process%s"\noutput = "%s/%d.json"\n' "$url" "${q:+?$q}" "$work" "$i"
done > "$work/curl.config"

echo "$requests requests to $url/process${query:+?$query} (concurrency $concurrency)"
if [[ $mix == true ]]; then
  echo "mix: $kinds_default default, $kinds_cancel cancellation ($CANCEL_QUERY), $kinds_error error-path ($ERROR_QUERY)"
fi

# One curl, C transfers in flight; one status code per line (000 = no answer).
curl -s --parallel --parallel-immediate --parallel-max "$concurrency" --max-time "$CURL_MAX_TIME" \
  -w '%{http_code}\n' -K "$work/curl.config" > "$work/codes" 2> "$work/curl.err" || true

summary=$(sort "$work/codes" | uniq -c | awk '{ printf "%s%s: %s", sep, ($2 == "000" ? "no answer" : $2), $1; sep = "  " }')
echo "$summary"
processed=$(cat "$work"/*.json 2>/dev/null | grep -o '"processed":[0-9]*' | awk -F: '{ sum += $2 } END { print sum + 0 }')
echo "tasks processed: $processed"

unanswered=$(grep -c '^000$' "$work/codes" || true)
if (( unanswered > 0 )); then
  die "$unanswered of $requests requests got no answer from $url"
fi
