# shellcheck shell=bash
# Shared by the bats tests: where the scripts are, free ports, servers started with run-server.sh.

SCRIPTS=$(cd "$(dirname "${BATS_TEST_FILENAME}")/.." && pwd)
export SCRIPTS

# A loopback port with nothing listening on it.
unused_port() {
  local port try
  for (( try = 0; try < 50; try++ )); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
      echo "$port"
      return 0
    fi
  done
  echo "no unused port found" >&2
  return 1
}

# start_server NAME: starts it on a free port in the background; sets NAME_URL and NAME_PID in
# the file $BATS_FILE_TMPDIR/NAME.env for the tests to source.
start_server() {
  local name=$1 out url pid
  out=$("$SCRIPTS/run-server.sh" "$name" --port 0 --background 3>&-) || {
    echo "$out" >&2
    return 1
  }
  url=$(grep -o 'http://127.0.0.1:[0-9]*' <<< "$out" | head -n 1)
  pid=$(grep -o '(pid [0-9]*)' <<< "$out" | tr -dc 0-9)
  printf 'URL=%s\nPID=%s\nPORT=%s\n' "$url" "$pid" "${url##*:}" > "$BATS_FILE_TMPDIR/$name.env"
}

stop_server() {
  local name=$1
  [[ -f $BATS_FILE_TMPDIR/$name.env ]] || return 0
  "$SCRIPTS/run-server.sh" "$name" --stop --port "$(sed -n 's/^PORT=//p' "$BATS_FILE_TMPDIR/$name.env")"
}

# server NAME: loads URL, PID and PORT of a server started by start_server.
server() {
  # shellcheck disable=SC1090
  source "$BATS_FILE_TMPDIR/$1.env"
}

# await_total URL EXPECTED: polls the thread total for up to 20 s until it equals EXPECTED.
await_total() {
  local total="" try
  for (( try = 0; try < 80; try++ )); do
    total=$("$SCRIPTS/thread-count.sh" --url "$1")
    [[ $total == "$2" ]] && return 0
    sleep 0.25
  done
  echo "thread total at $1 is $total, expected $2" >&2
  return 1
}

# needs_shipped_exercise: skips a test that needs the exercise's leaks when a learner has edited it.
needs_shipped_exercise() {
  if [[ ${WORKBOOK_EXERCISE_EDITED:-false} == true ]]; then
    skip "the exercise has been edited (your fix); check it with scripts/check-leaks.sh exercise"
  fi
}

# fake_checkout SCRIPT: a checkout in $ROOT holding SCRIPT, lib/common.sh and modules.tsv, whose
# ./mvnw records its arguments in $ROOT/mvnw.args, prints $FAKE_MAVEN_OUTPUT, writes
# $FAKE_VERDICTS (when set) as the verdict file of the module it was given (-pl MODULE), and exits
# $FAKE_MAVEN_EXIT. Sets CHECK to the script in it.
fake_checkout() {
  ROOT="$BATS_TEST_TMPDIR/checkout"
  mkdir -p "$ROOT/scripts/lib"
  cp "$SCRIPTS/$1" "$SCRIPTS/modules.tsv" "$ROOT/scripts/"
  cp "$SCRIPTS/lib/common.sh" "$ROOT/scripts/lib/"
  cat > "$ROOT/mvnw" <<'MVNW'
#!/usr/bin/env bash
root=$(dirname "$0")
printf '%s\n' "$*" > "$root/mvnw.args"
printf '%s\n' "${FAKE_MAVEN_OUTPUT:-}"
if [[ -n ${FAKE_VERDICTS+set} ]]; then
  mkdir -p "$root/$3/target"
  printf '%s\n' "$FAKE_VERDICTS" > "$root/$3/target/check-verdicts.tsv"
fi
exit "${FAKE_MAVEN_EXIT:-0}"
MVNW
  chmod +x "$ROOT/mvnw"
  # shellcheck disable=SC2034 # used by the tests that load this file
  CHECK="$ROOT/scripts/$1"
}

# verdict CHECK VERDICT [DETAIL]: one line of a verdict file, as the matrices write it.
verdict() {
  printf '%s\t%s\t%s' "$1" "$2" "${3:-}"
}
