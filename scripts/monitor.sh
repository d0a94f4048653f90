#!/usr/bin/env bash
# Runs a real Prometheus on loopback with monitoring/'s configuration and thread-leak rules,
# scraping the workbook servers you name, until its time is up or Ctrl-C.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $PROG [--target JOB=HOST:PORT]... [--port N] [--fast] [--duration SECONDS]

Starts prometheus on 127.0.0.1 with monitoring/prometheus.yml and monitoring/rules/, in a temp
data directory that is removed when it stops, and scrapes the workbook servers given as targets.
The ThreadLeak alert and the recorded series are then on its HTTP API:
  curl -s http://127.0.0.1:PORT/api/v1/alerts

  --target JOB=HOST:PORT  a server to scrape, under job JOB (letters, digits, - and _), on
                          loopback; repeat it for more (default: exercise=127.0.0.1:6060)
  --port N                Prometheus's port on 127.0.0.1 (default 9090)
  --fast                  scrape and evaluate every second and read the rules' minutes as seconds
                          (a 10m window becomes 10s): the alert fires within 30 s instead of 30 min.
                          For tests and the tutorial; the defaults (15 s scrapes, rules evaluated
                          every minute, 10-minute windows) are the ones to run in production
  --duration SECONDS      stop after this long (default 3600)
  -h, --help              this help

Environment: PROMETHEUS_BIN, the prometheus binary to run (default: prometheus on PATH).

Example: $PROG --fast --port 6250 --target exercise=127.0.0.1:6060 --target step3=127.0.0.1:6061
Exit status: 0 when it ran until --duration or Ctrl-C, 1 when prometheus is missing, does not
start or stops by itself, 2 on bad arguments.
USAGE
}

readonly CONFIG_DIR=$WORKBOOK_ROOT/monitoring
readonly START_TIMEOUT=60

targets=() port=9090 fast=false duration=3600
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --target) require_value "$1" $#; targets+=("$2"); shift 2 ;;
    --port) require_value "$1" $#; port=$2; shift 2 ;;
    --fast) fast=true; shift ;;
    --duration) require_value "$1" $#; duration=$2; shift 2 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
(( ${#targets[@]} > 0 )) || targets=(exercise=127.0.0.1:6060)
port=$(whole_number --port "$port" 1 65535)
duration=$(whole_number --duration "$duration" 1)

# targets_json: the file_sd target groups, one per job, from the --target arguments.
targets_json() {
  local target job address entries=()
  for target in "${targets[@]}"; do
    if [[ ! $target =~ ^([A-Za-z0-9_-]+)=((localhost|127\.[0-9]+\.[0-9]+\.[0-9]+):[0-9]+)$ ]]; then
      usage_error "--target must be JOB=HOST:PORT on loopback, like exercise=127.0.0.1:6060 (got '$target')"
    fi
    job=${BASH_REMATCH[1]} address=${BASH_REMATCH[2]}
    entries+=("  {\"targets\": [\"$address\"], \"labels\": {\"job\": \"$job\"}}")
  done
  printf '[\n'
  local i
  for (( i = 0; i < ${#entries[@]}; i++ )); do
    printf '%s%s\n' "${entries[i]}" "$( (( i + 1 < ${#entries[@]} )) && echo , )"
  done
  printf ']\n'
}
json=$(targets_json)

prometheus_bin=${PROMETHEUS_BIN:-prometheus}
command -v "$prometheus_bin" >/dev/null 2>&1 \
  || die "$prometheus_bin is not installed; install it with: apt-get install prometheus (it brings promtool too)"
require curl
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
  die "port $port is already in use on 127.0.0.1; stop what listens there or pick another with --port N"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/monitor.XXXXXX")
prometheus_pid=""
stop() {
  if [[ -n $prometheus_pid ]] && kill -0 "$prometheus_pid" 2>/dev/null; then
    kill -TERM "$prometheus_pid" 2>/dev/null || true
    wait "$prometheus_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 0' INT TERM

mkdir -p "$work/rules" "$work/targets" "$work/data"
printf '%s\n' "$json" > "$work/targets/workbook.json"
if [[ $fast == true ]]; then
  sed -e 's/^\(  scrape_interval:\) .*/\1 1s/' -e 's/^\(  evaluation_interval:\) .*/\1 1s/' \
      -e 's/^\(    scrape_timeout:\) .*/\1 1s/' "$CONFIG_DIR/prometheus.yml" > "$work/prometheus.yml"
  # Minutes become seconds, in the windows and offsets and in what the annotations say.
  sed -E -e 's/\[([0-9]+)m\]/[\1s]/g' -e 's/offset ([0-9]+)m/offset \1s/g' -e 's/ minutes/ seconds/g' \
      "$CONFIG_DIR/rules/thread-leaks.yml" > "$work/rules/thread-leaks.yml"
else
  cp "$CONFIG_DIR/prometheus.yml" "$work/prometheus.yml"
  cp "$CONFIG_DIR/rules/thread-leaks.yml" "$work/rules/thread-leaks.yml"
fi

url=http://127.0.0.1:$port
"$prometheus_bin" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=1d \
  < /dev/null > "$work/prometheus.log" 2>&1 &
prometheus_pid=$!
deadline=$(( SECONDS + START_TIMEOUT ))
until curl -s -o /dev/null --fail --max-time 2 "$url/-/ready"; do
  if ! kill -0 "$prometheus_pid" 2>/dev/null; then
    cat "$work/prometheus.log" >&2
    die "prometheus exited before it was ready (its log is above)"
  fi
  (( SECONDS < deadline )) || die "prometheus was not ready within $START_TIMEOUT s"
  sleep 0.5
done
if [[ $fast == true ]]; then
  echo "scrapes and rule evaluations every 1 s; rule windows in seconds (--fast)"
else
  echo "scrapes every 15 s, rules evaluated every 1 m"
fi
for target in "${targets[@]}"; do
  echo "scraping ${target#*=} as job ${target%%=*}"
done
echo "data directory: $work (removed when it stops)"
echo "Prometheus is ready on $url (alerts: $url/api/v1/alerts); stops in $duration s or on Ctrl-C"
end=$(( SECONDS + duration ))
while (( SECONDS < end )); do
  if ! kill -0 "$prometheus_pid" 2>/dev/null; then
    tail -n 20 "$work/prometheus.log" >&2
    die "prometheus stopped by itself (the end of its log is above)"
  fi
  sleep 1
done
echo "stopped after $duration s"
