#!/usr/bin/env bash
# Times each thread-profile format of a server over HTTP, side by side with jcmd Thread.print.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [--url URL] [--rounds N] [--no-jcmd]

Times GET URL/debug/threads in each format: debug=1, pprof (no parameter), debug=2 and
format=json, as curl's time_total, and \`jcmd PID Thread.print\` for the same JVM when it runs
on this machine and jcmd is installed. First it times the first request of each (on a server
that just started, this one pays class loading and the JIT), then N rounds that take each in
turn, so that every format sees the same machine. Prints, per format: the first time, the
median of the rounds, the median as a multiple of debug=1's, and the size of the answer.

  --url URL     the server (default \$WORKBOOK_URL or http://127.0.0.1:6060)
  --rounds N    rounds after the first requests (default 9)
  --no-jcmd     leave out jcmd Thread.print
  -h, --help    this help

Example: $PROG --rounds 5
Exit status: 0, 1 when no workbook server answers at URL or a request fails, 2 on bad arguments.
USAGE
}

url=$DEFAULT_URL rounds=9 use_jcmd=1
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --url) require_value "$1" $#; url=$2; shift 2 ;;
    --rounds) require_value "$1" $#; rounds=$(whole_number "$1" "$2" 1); shift 2 ;;
    --no-jcmd) use_jcmd=0; shift ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
url=$(base_url "$url")
require curl
require_server "$url"

work=$(mktemp -d "${TMPDIR:-/tmp}/time-formats.XXXXXX")
trap 'rm -rf "$work"' EXIT

formats=(debug=1 pprof debug=2 format=json)

# time_one FORMAT: milliseconds for one answer in FORMAT, saved to $work/FORMAT.
time_one() {
  local format=$1 out="$work/$1" query start
  if [[ $format == jcmd ]]; then
    start=$(date +%s%N)
    jcmd "$pid" Thread.print > "$out" 2>&1 || die "jcmd $pid Thread.print failed: $(head -c 200 "$out")"
    awk -v ns="$(( $(date +%s%N) - start ))" 'BEGIN { printf "%.1f\n", ns / 1e6 }'
    return
  fi
  query=$([[ $format == pprof ]] && echo "" || echo "?$format")
  curl -sS --fail --max-time "$CURL_MAX_TIME" -o "$out" -w '%{time_total}\n' "$url/debug/threads$query" \
    | awk '{ printf "%.1f\n", $1 * 1000 }' || die "GET $url/debug/threads$query failed"
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for format in "${formats[@]}"; do
  time_one "$format" > "$work/$format.first"
done
# The JVM's pid, from the JSON profile's "process" entry, when jcmd can reach it from here. Read
# after the first requests, so that reading it warms no format.
pid=""
if (( use_jcmd )) && command -v jcmd >/dev/null 2>&1; then
  fetch_json_profile "$url" "$work/profile.json"
  pid=$(profile_pid "$work/profile.json")
  if [[ -n $pid ]] && jcmd "$pid" VM.version >/dev/null 2>&1; then
    formats+=(jcmd)
    time_one jcmd > "$work/jcmd.first"
  else
    echo "$PROG: jcmd cannot reach the server's JVM (pid ${pid:-unknown}) from here; timing HTTP only" >&2
  fi
elif (( use_jcmd )); then
  echo "$PROG: jcmd is not installed (apt-get install $(package_of jcmd)); timing HTTP only" >&2
fi

for (( round = 0; round < rounds; round++ )); do
  for format in "${formats[@]}"; do
    time_one "$format" >> "$work/$format.times"
  done
done

echo "$(thread_total "$url") threads at $url; first request, then the median of $rounds interleaved rounds"
base=$(median < "$work/debug=1.times")
printf '%-12s %10s %10s %10s %12s\n' format "first ms" "median ms" "x debug=1" bytes
for format in "${formats[@]}"; do
  med=$(median < "$work/$format.times")
  printf '%-12s %10s %10s %10s %12s\n' "$format" "$(cat "$work/$format.first")" "$med" \
    "$(awk -v a="$med" -v b="$base" 'BEGIN { printf "%.1f", (b > 0) ? a / b : 0 }')" "$(wc -c < "$work/$format")"
done
