# shellcheck shell=bash
# Shared by the workbook scripts: sourced, never run. Defines the default URL, argument checks,
# tool checks and the "is a workbook server listening there?" check.

WORKBOOK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PROG=$(basename "$0")
# shellcheck disable=SC2034 # used by the scripts that source this file
DEFAULT_URL=${WORKBOOK_URL:-http://127.0.0.1:6060}
# How long one request to a workbook server may take before we give up on it.
CURL_MAX_TIME=${WORKBOOK_CURL_MAX_TIME:-60}

# The names module_of knows: chapter 3's platform-thread track, then its virtual-thread track (JDK 21+).
# shellcheck disable=SC2034 # used by the scripts that source this file
MODULE_NAMES="exercise, step1, step2, step3, virtual-exercise, virtual-step1, virtual-step2, virtual-step3"

# module_of NAME: the Maven module of NAME, one of $MODULE_NAMES (exits 2 on anything else).
module_of() {
  case $1 in
    exercise) echo exercises/profiling/03-threads ;;
    step1) echo solutions/profiling/03-threads/step1-close-queue ;;
    step2) echo solutions/profiling/03-threads/step2-propagate-cancellation ;;
    step3) echo solutions/profiling/03-threads/step3-join-workers ;;
    virtual-exercise) echo exercises/profiling/03-threads-virtual ;;
    virtual-step1) echo solutions/profiling/03-threads-virtual/step1-close-queue ;;
    virtual-step2) echo solutions/profiling/03-threads-virtual/step2-propagate-cancellation ;;
    virtual-step3) echo solutions/profiling/03-threads-virtual/step3-join-workers ;;
    *) usage_error "unknown module: $1 (modules: $MODULE_NAMES)" ;;
  esac
}

# The names contention_module_of knows: chapter 4's exercise and its solution steps.
# shellcheck disable=SC2034 # used by the scripts that source this file
CONTENTION_MODULE_NAMES="exercise, step1, step2, step3"

# contention_module_of NAME: chapter 4's Maven module of NAME, one of $CONTENTION_MODULE_NAMES (exits 2 on anything else).
contention_module_of() {
  case $1 in
    exercise) echo exercises/profiling/04-contention ;;
    step1) echo solutions/profiling/04-contention/step1-unlock-before-warehouse-call ;;
    step2) echo solutions/profiling/04-contention/step2-quote-outside-lock ;;
    step3) echo solutions/profiling/04-contention/step3-buffer-audit-handoff ;;
    *) usage_error "unknown module: $1 (modules: $CONTENTION_MODULE_NAMES)" ;;
  esac
}

# module_java NAME: the lowest Java feature version that builds NAME's module (the virtual track is
# built by the root pom's JDK 21+ profile only).
module_java() {
  case $1 in
    virtual-*) echo 21 ;;
    *) echo 17 ;;
  esac
}

# require_module_java NAME: exits 1 with a message when the java that ./mvnw runs ($JAVA_HOME's, else
# the one on PATH) is older than NAME's module needs.
require_module_java() {
  local need have
  need=$(module_java "$1")
  have=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.specification.version/ { split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]) }')
  [[ -n $have ]] || die "cannot tell the Java version of ${JAVA_HOME:+$JAVA_HOME/bin/}java"
  (( have >= need )) || die "$1 needs Java $need+ (virtual threads); ./mvnw runs Java $have here: set JAVA_HOME to a JDK $need+"
}

# read_module_name NAMES ARG...: the checks' one argument, a module name among NAMES (a list like
# $MODULE_NAMES: "exercise, step1, …"; default exercise), into MODULE_NAME; --help prints the
# script's usage and exits 0.
read_module_name() {
  local names=$1
  shift
  MODULE_NAME=""
  while (( $# > 0 )); do
    case $1 in
      -h|--help) usage; exit 0 ;;
      -*) usage_error "unknown option: $1" ;;
      *) [[ " ${names//,/} " == *" $1 "* ]] || usage_error "unknown module: $1 (modules: $names)"
         [[ -z $MODULE_NAME ]] || usage_error "one module at a time"
         MODULE_NAME=$1; shift ;;
    esac
  done
  MODULE_NAME=${MODULE_NAME:-exercise}
}

# module_tests MODULE MAVEN_ARG...: runs MODULE's tests, `./mvnw -q -pl MODULE -am test MAVEN_ARG...
# -Dsurefire.failIfNoSpecifiedTests=false`, all output into the file CHECK_OUTPUT (removed on exit);
# sets MAVEN_STATUS to Maven's exit status (a test that fails is the check's answer, not an error).
module_tests() {
  local module=$1
  shift
  CHECK_OUTPUT=$(mktemp "${TMPDIR:-/tmp}/$PROG.XXXXXX")
  trap 'rm -f "$CHECK_OUTPUT"' EXIT
  MAVEN_STATUS=0
  (cd "$WORKBOOK_ROOT" && ./mvnw -q -pl "$module" -am test "$@" -Dsurefire.failIfNoSpecifiedTests=false) > "$CHECK_OUTPUT" 2>&1 \
    || MAVEN_STATUS=$?
}

# checks_did_not_run WHAT: the end of CHECK_OUTPUT, then exit 1 saying WHAT did not run.
checks_did_not_run() {
  tail -n 40 "$CHECK_OUTPUT" >&2
  die "$1 did not run (Maven exit $MAVEN_STATUS; its output is above)"
}

# require_tests_passed WHAT: when every check passed but Maven still failed (a compile error,
# another test), its errors from CHECK_OUTPUT, then exit 1 saying WHAT failed.
require_tests_passed() {
  if (( MAVEN_STATUS != 0 )); then
    grep -E '^\[ERROR\]' "$CHECK_OUTPUT" | head -n 20 >&2 || true
    die "$1 failed (Maven exit $MAVEN_STATUS; errors above)"
  fi
}

# The message, then exit 1.
die() {
  echo "$PROG: $*" >&2
  exit 1
}

# A bad argument: the message and a pointer to --help, then exit 2.
usage_error() {
  echo "$PROG: $*" >&2
  echo "Try '$PROG --help'." >&2
  exit 2
}

# package_of TOOL: the Debian package that installs TOOL.
package_of() {
  case $1 in
    go) echo golang-go ;;
    java|jcmd|jstack|jfr) echo openjdk-17-jdk-headless ;;
    *) echo "$1" ;;
  esac
}

# require TOOL...: exits 1 naming the Debian package of the first tool that is missing.
require() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      die "$tool is not installed; install it with: apt-get install $(package_of "$tool")"
    fi
  done
}

# require_count OPTION VALUE: a whole number >= 1, or exit 2.
require_count() {
  if [[ ! $2 =~ ^[0-9]+$ ]] || (( 10#$2 < 1 )); then
    usage_error "$1 needs a whole number >= 1, got '$2'"
  fi
}

# require_whole OPTION VALUE: a whole number >= 0, or exit 2.
require_whole() {
  [[ $2 =~ ^[0-9]+$ ]] || usage_error "$1 needs a whole number >= 0, got '$2'"
}

# require_seconds OPTION VALUE: a positive number of seconds (decimals allowed), or exit 2.
require_seconds() {
  [[ $2 =~ ^[0-9]+(\.[0-9]+)?$ && ! $2 =~ ^0+(\.0+)?$ ]] || usage_error "$1 needs a number of seconds > 0, got '$2'"
}

# require_value OPTION ARGC: an option that takes a value must have one.
require_value() {
  (( $2 >= 2 )) || usage_error "$1 needs a value"
}

# base_url URL: prints URL without a trailing slash; exit 2 unless it is http:// on loopback
# with no path (the scripts talk to a workbook server on this machine only).
base_url() {
  local url=${1%/}
  if [[ ! $url =~ ^http://(localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\])(:[0-9]+)?$ ]]; then
    usage_error "--url must be a server's base URL on loopback, like http://127.0.0.1:6060 (got '$1')"
  fi
  printf '%s\n' "$url"
}

# start_hint: how to start the exercise server, for error messages.
start_hint() {
  echo "start one with: scripts/run-server.sh exercise   (or in the background: scripts/run-server.sh exercise --background)"
}

# require_server URL: exits 1 with a clear message unless a workbook server answers at URL.
require_server() {
  local url=$1 probe="$1/debug/threads?debug=1" body status=0
  body=$(curl -sS --max-time 10 "$probe" 2>&1) || status=$?
  case $status in
    0) ;;
    7) die "no server is running at $url (connection refused); $(start_hint)" ;;
    28) die "the server at $url did not answer within 10 s" ;;
    *) die "cannot reach $url: ${body:-curl exit $status}" ;;
  esac
  if [[ $body != "thread profile: total "* ]]; then
    die "$url answers, but $probe is not a thread profile: is this a workbook server? (it said: $(printf '%s' "$body" | head -c 200))"
  fi
}

# thread_total URL: the total from the first line of /debug/threads?debug=1.
thread_total() {
  local body header
  body=$(curl -sS --fail --max-time "$CURL_MAX_TIME" "$1/debug/threads?debug=1") \
    || die "could not read $1/debug/threads?debug=1"
  header=${body%%$'\n'*}
  [[ $header =~ ^thread\ profile:\ total\ ([0-9]+) ]] || die "unexpected first line from $1/debug/threads?debug=1: '$header'"
  printf '%s\n' "${BASH_REMATCH[1]}"
}

# fetch_json_profile URL FILE: saves URL's thread profile as threadprof JSON.
fetch_json_profile() {
  curl -sS --fail --max-time "$CURL_MAX_TIME" -o "$2" "$1/debug/threads?format=json" \
    || die "could not read $1/debug/threads?format=json"
}

# The threadprof CLI of this checkout ($THREADPROF_CLI overrides it).
threadprof_cli() {
  printf '%s\n' "${THREADPROF_CLI:-$WORKBOOK_ROOT/scripts/threadprof}"
}

# profile_diff BASE SOURCE: the groups that changed between two profiles (threadprof JSON, jstack
# or jcmd text), as `scripts/threadprof diff` prints them: "total B -> N (+D)", then a line per
# group whose count changed (signed delta, state, name pattern, first application frame), growth first.
profile_diff() {
  require java
  "$(threadprof_cli)" diff "$1" "$2"
}
