#!/usr/bin/env bash
# Builds and starts one of the workbook servers: in the foreground, or in the background with a
# pid file (and stops it again).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  local names servers
  names=$(module_names threads)
  servers=$(module_rows threads | awk -F'\t' '{ printf "  %-13s  %s\n", $2, $3 }')
  cat <<USAGE
Usage: $PROG ${names//, /|} [--port N] [--background | --stop]

Builds what the server needs (only when its sources changed) and starts it: chapter 3's leaky
exercise, or a solution step (stepN has fixes 1 to N).

$servers
  --port N       port on 127.0.0.1 (default \$PORT or 6060; 0 = any free port)
  --background   start it in the background, wait until it answers, print its URL and pid;
                 the pid file and log go to target/run/ (or \$WORKBOOK_RUN_DIR)
  --stop         stop the server started with --background (SIGTERM, then wait); with
                 --port only the one on that port
  -h, --help     this help

Examples: $PROG exercise                         (foreground; Ctrl-C stops it)
          $PROG step3 --port 6061 --background
          $PROG step3 --stop
Exit status: 0, 1 when the build, the start or the stop fails, 2 on bad arguments.
USAGE
}

# Every server module has the same main class (the root pom's workbook.mainClass).
readonly MAIN_CLASS=dev.threadprofiling.workerpool.Main
readonly START_TIMEOUT=${WORKBOOK_START_TIMEOUT:-180}
readonly STOP_TIMEOUT=30

name="" port="" mode=foreground
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --port) require_value "$1" $#; port=$2; shift 2 ;;
    --background) [[ $mode == foreground ]] || usage_error "--background and --stop exclude each other"; mode=background; shift ;;
    --stop) [[ $mode == foreground ]] || usage_error "--background and --stop exclude each other"; mode=stop; shift ;;
    -*) usage_error "unknown option: $1" ;;
    *) [[ -z $name ]] || usage_error "one server at a time, got '$name' and '$1'"; name=$1; shift ;;
  esac
done
[[ -n $name ]] || usage_error "which server? $(module_names threads)"
if [[ -n $port ]]; then
  port=$(whole_number --port "$port" 0 65535)
fi

row=$(module_row threads "$name")
module=${row%%$'\t'*}
module_dir=$WORKBOOK_ROOT/$module
classpath_file=$module_dir/target/run-classpath.txt

run_dir=${WORKBOOK_RUN_DIR:-$WORKBOOK_ROOT/target/run}
if ! mkdir -p "$run_dir" 2>/dev/null || [[ ! -w $run_dir ]]; then
  run_dir=${TMPDIR:-/tmp}/thread-profiling-workbook-run
  mkdir -p "$run_dir"
fi

java_cmd=java
[[ -n ${JAVA_HOME:-} ]] && java_cmd=$JAVA_HOME/bin/java

# Compiles the module and what it depends on, and writes its runtime classpath, in one Maven
# run; skipped when nothing under src/ or in a pom changed since the last build.
build() {
  if [[ -f $classpath_file ]] && [[ -z $(find "$WORKBOOK_ROOT/pom.xml" "$module_dir/pom.xml" "$module_dir/src" \
        "$WORKBOOK_ROOT"/toolkit/*/pom.xml "$WORKBOOK_ROOT"/toolkit/*/src -newer "$classpath_file" -print -quit) ]]; then
    return 0
  fi
  echo "building $module (./mvnw -q -pl $module -am compile dependency:build-classpath) ..." >&2
  (cd "$WORKBOOK_ROOT" && ./mvnw -q -pl "$module" -am compile dependency:build-classpath \
      -Dmdep.outputFile=target/run-classpath.txt -Dmdep.includeScope=runtime >&2) \
    || die "the build of $module failed (see above)"
  touch "$classpath_file"
}

server_command() {
  local args=()
  [[ -n $port ]] && args=(--port "$port")
  printf '%s\0' "$java_cmd" -Dworkbook.launcher=script \
    -cp "$module_dir/target/classes:$(<"$classpath_file")" "$MAIN_CLASS" "${args[@]}"
}

# is_our_server PID: alive and running a workbook server (not some process that reused the pid).
is_our_server() {
  kill -0 "$1" 2>/dev/null && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"
}

start_background() {
  local wanted=${port:-${PORT:-6060}} pid log line url pid_file deadline
  pid_file=$run_dir/$name-$wanted.pid
  if [[ $wanted != 0 && -f $pid_file ]] && is_our_server "$(<"$pid_file")"; then
    die "$name already runs on port $wanted (pid $(<"$pid_file")); stop it with: scripts/run-server.sh $name --stop --port $wanted"
  fi
  if [[ $wanted != 0 ]] && curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$wanted/"; then
    die "port $wanted is already in use on 127.0.0.1; stop what listens there or pick another with --port N (0 = any free port)"
  fi
  local cmd=()
  mapfile -d '' cmd < <(server_command)
  log=$run_dir/$name-starting-$$.log
  # Job control gives the server its own process group, so it keeps SIGINT/SIGTERM handling
  # (a plain background job would start with SIGINT ignored) and a Ctrl-C here does not reach it.
  set -m
  "${cmd[@]}" < /dev/null > "$log" 2>&1 3>&- &
  pid=$!
  set +m
  deadline=$(( SECONDS + START_TIMEOUT ))
  url=""
  while (( SECONDS < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log" >&2
      die "$name exited before it answered (log above, kept in $log)"
    fi
    if [[ -z $url ]] && line=$(grep -m 1 ' listening on http://' "$log"); then
      url=$(grep -o 'http://[^ ]*' <<< "$line")
    fi
    if [[ -n $url ]] && curl -s -o /dev/null --fail --max-time 5 "$url/debug/threads?debug=1"; then
      break
    fi
    sleep 0.5
  done
  if [[ -z $url ]] || ! curl -s -o /dev/null --fail --max-time 5 "$url/debug/threads?debug=1"; then
    kill -TERM "$pid" 2>/dev/null || true
    die "$name did not answer within $START_TIMEOUT s (log: $log)"
  fi
  local actual=${url##*:}
  pid_file=$run_dir/$name-$actual.pid
  mv "$log" "$run_dir/$name-$actual.log"
  echo "$pid" > "$pid_file"
  echo "$line"
  echo "log: $run_dir/$name-$actual.log"
  echo "stop: scripts/run-server.sh $name --stop --port $actual"
}

stop_one() {
  local pid_file=$1 pid log waited=0
  pid=$(<"$pid_file")
  log=${pid_file%.pid}.log
  if ! is_our_server "$pid"; then
    rm -f "$pid_file"
    echo "$name (pid $pid) was not running; removed $pid_file"
    return 0
  fi
  kill -TERM "$pid"
  while is_our_server "$pid" && (( waited < STOP_TIMEOUT * 2 )); do
    sleep 0.5
    waited=$((waited + 1))
  done
  if is_our_server "$pid"; then
    die "$name (pid $pid) did not stop within $STOP_TIMEOUT s after SIGTERM; kill -9 $pid stops it for good"
  fi
  rm -f "$pid_file"
  echo "stopped $name (pid $pid): $(grep '^stopped:' "$log" 2>/dev/null | tail -n 1 || true)"
}

stop_background() {
  local files=()
  if [[ -n $port ]]; then
    [[ -f $run_dir/$name-$port.pid ]] && files=("$run_dir/$name-$port.pid")
  else
    shopt -s nullglob
    files=("$run_dir/$name"-[0-9]*.pid)
    shopt -u nullglob
  fi
  (( ${#files[@]} > 0 )) || die "no $name server started with --background${port:+ on port $port} (no pid file in $run_dir)"
  local file
  for file in "${files[@]}"; do
    stop_one "$file"
  done
}

case $mode in
  stop) stop_background ;;
  background)
    require curl
    build
    start_background ;;
  foreground)
    build
    mapfile -d '' cmd < <(server_command)
    exec "${cmd[@]}" ;;
esac
