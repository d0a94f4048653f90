#!/usr/bin/env bash
# The chapter's `go tool pprof -base` step: which groups of threads grew between two profiles.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG BEFORE AFTER

Prints one line per group of threads whose count changed from BEFORE to AFTER: the signed
change, the state, the name pattern and the first application frame, growth first.

BEFORE and AFTER are each
  - a threadprof JSON file   (curl -s 'http://127.0.0.1:6060/debug/threads?format=json' > before.json)
  - a server URL             (http://127.0.0.1:6060, or its .../debug/threads; read as JSON)
  - a jstack / jcmd Thread.print text file, or a jcmd Thread.dump_to_file -format=json file
  - a pprof file (.pb.gz from /debug/threads): only with Go installed, through
    go tool pprof -top -base BEFORE AFTER; the diff here reads JSON or text

Reads them with scripts/threadprof diff (Java 17+). Where go is installed, also prints the
go tool pprof -base command for the same profiles.

Example: $PROG before.json http://127.0.0.1:6060
Exit status: 0, 1 when a profile cannot be read, 2 on bad arguments.
USAGE
}

inputs=()
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    -?*) usage_error "unknown option: $1" ;;
    *) inputs+=("$1"); shift ;;
  esac
done
(( ${#inputs[@]} == 2 )) || usage_error "give two profiles, BEFORE and AFTER (got ${#inputs[@]})"

work=$(mktemp -d "${TMPDIR:-/tmp}/compare-profiles.XXXXXX")
trap 'rm -rf "$work"' EXIT

# kind FILE: pprof, or other (JSON or text, which scripts/threadprof tells apart).
kind() {
  if [[ $(head -c 2 "$1" | od -An -tx1 | tr -d ' \n') == 1f8b ]]; then
    echo pprof
  else
    echo other
  fi
}

# Each input becomes a file to read (a URL is fetched as JSON) and its kind.
files=() kinds=() pprof_sources=()
for i in 0 1; do
  input=${inputs[$i]} label=$([[ $i == 0 ]] && echo BEFORE || echo AFTER)
  if [[ $input =~ ^https?:// ]]; then
    [[ $input =~ ^http://(localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\])(:[0-9]+)?(/.*)?$ ]] \
      || usage_error "$label must be a URL on loopback (http://127.0.0.1:PORT...), got '$input'"
    base=${input%%\?*}
    base=${base%/}
    base=${base%/debug/threads}
    require curl
    require_server "$base"
    fetch_json_profile "$base" "$work/$label.json"
    files+=("$work/$label.json") kinds+=(other) pprof_sources+=("$base/debug/threads")
  else
    [[ -f $input && -r $input ]] || usage_error "$label: no such file: $input"
    files+=("$input") kinds+=("$(kind "$input")") pprof_sources+=("$input")
  fi
done

have_go=false
command -v go >/dev/null 2>&1 && have_go=true

if [[ ${kinds[0]} == pprof || ${kinds[1]} == pprof ]]; then
  if [[ ${kinds[0]} != pprof || ${kinds[1]} != pprof ]]; then
    die "one profile is pprof (.pb.gz) and the other is not: compare like with like (JSON: /debug/threads?format=json)"
  fi
  if [[ $have_go != true ]]; then
    die "pprof profiles (.pb.gz) need Go (apt-get install golang-go) for go tool pprof -base; without it, save JSON instead: curl -s 'http://127.0.0.1:6060/debug/threads?format=json' > before.json"
  fi
  echo "go tool pprof -top -base ${inputs[0]} ${inputs[1]}"
  go tool pprof -top -base "${inputs[0]}" "${inputs[1]}"
  exit 0
fi

profile_diff "${files[0]}" "${files[1]}"

if [[ $have_go == true ]]; then
  if [[ ${inputs[0]} =~ ^https?:// && ${inputs[1]} =~ ^https?:// ]]; then
    echo "with Go: go tool pprof -top -base ${pprof_sources[0]} ${pprof_sources[1]}"
  else
    echo "with Go, on pprof files (curl -s URL/debug/threads > before.pb.gz): go tool pprof -top -base before.pb.gz after.pb.gz"
  fi
fi
