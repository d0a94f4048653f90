#!/usr/bin/env bash
# Prints a workbook server's thread total, and with --groups its largest groups of threads.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [--url URL] [--groups [K]]

Prints the thread total from the first line of URL/debug/threads?debug=1
("thread profile: total N"). With --groups, also the K largest groups of threads with the
same state and stack (default 10): count, state, name pattern and the first application
frame (the innermost frame that is neither the JDK's nor a library's, as scripts/threadprof
names it; - when the stack has none).

  --url URL      the server (default \$WORKBOOK_URL or http://127.0.0.1:6060)
  --groups [K]   also list the K largest groups (needs jq)
  -h, --help     this help

Example: $PROG --groups 3
Exit status: 0, 1 when no workbook server answers at URL, 2 on bad arguments.
USAGE
}

url=$DEFAULT_URL groups=0
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --url) require_value "$1" $#; url=$2; shift 2 ;;
    --groups)
      groups=10; shift
      if (( $# > 0 )) && [[ $1 != -* ]]; then
        groups=$(whole_number --groups "$1" 1); shift
      fi ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
url=$(base_url "$url")
require curl
(( groups == 0 )) || require jq
require_server "$url"

if (( groups == 0 )); then
  thread_total "$url"
  exit 0
fi

profile=$(curl -sS --fail --max-time "$CURL_MAX_TIME" "$url/debug/threads?format=json") \
  || die "could not read $url/debug/threads?format=json"
jq -r --argjson k "$groups" '
  def text(f): if f == null then "-"
    else "\(f.class | split(".") | last).\(f.method)(\(f.file // "Unknown Source")\(if f.line >= 0 then ":\(f.line)" else "" end))" end;
  .frames as $frames | .total,
  (.groups[:$k][]
   | "\(.count)\t\(.state)\t\(.namePattern // .names)\t\(text(if .appFrame == null then null else $frames[.appFrame] end))")' \
  <<< "$profile" | awk -F'\t' 'NR == 1 { print; next } { printf "%6d  %-13s  %s  %s\n", $1, $2, $3, $4 }'
