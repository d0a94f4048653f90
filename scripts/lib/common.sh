# shellcheck shell=bash
# Shared by the workbook scripts: sourced, never run. Defines the default URL, argument checks,
# tool checks and the "is a workbook server listening there?" check.

WORKBOOK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PROG=$(basename "$0")
# shellcheck disable=SC2034 # used by the scripts that source this file
DEFAULT_URL=${WORKBOOK_URL:-http://127.0.0.1:6060}
# How long one request to a workbook server may take before we give up on it.
CURL_MAX_TIME=${WORKBOOK_CURL_MAX_TIME:-60}

# The one list of the workbook's modules, which the Java tests read too (WorkbookModules):
# tab-separated "chapter name module java" lines, # comments.
MODULES_FILE=$WORKBOOK_ROOT/scripts/modules.tsv
# Chapter 3 on both tracks: the modules check-leaks.sh knows.
# shellcheck disable=SC2034 # used by the scripts that source this file
readonly THREADS_CHAPTERS="threads threads-virtual"

# module_rows CHAPTERS: the rows of CHAPTERS (one or more, space-separated), in the file's order;
# exit 1 naming the line when the file is malformed.
module_rows() {
  [[ -r $MODULES_FILE ]] || die "cannot read the module list $MODULES_FILE"
  awk -F'\t' -v chapters=" $* " -v file="$MODULES_FILE" '
    /^#/ || /^[ \t]*$/ { next }
    NF != 4 || $4 !~ /^[0-9]+$/ {
      printf "%s line %d is not \"chapter<TAB>name<TAB>module<TAB>java\": %s\n", file, NR, $0 > "/dev/stderr"; exit 1
    }
    index(chapters, " " $1 " ") { print }' "$MODULES_FILE" || die "the module list $MODULES_FILE is malformed (see above)"
}

# module_names CHAPTERS: the names of those chapters' modules, "exercise, step1, …".
module_names() {
  local rows
  rows=$(module_rows "$@") || exit
  awk -F'\t' '{ printf "%s%s", sep, $2; sep = ", " } END { print "" }' <<< "$rows"
}

# read_module CHAPTERS ARG...: the checks' one argument, the name of a module of CHAPTERS (a
# space-separated list; default exercise), into MODULE_NAME, its Maven module into MODULE and the
# lowest Java that builds it into MODULE_JAVA; --help prints the script's usage and exits 0.
read_module() {
  local chapters=$1 row
  shift
  MODULE_NAME=""
  while (( $# > 0 )); do
    case $1 in
      -h|--help) usage; exit 0 ;;
      -*) usage_error "unknown option: $1" ;;
      *) [[ -z $MODULE_NAME ]] || usage_error "one module at a time"
         MODULE_NAME=$1; shift ;;
    esac
  done
  MODULE_NAME=${MODULE_NAME:-exercise}
  row=$(module_row "$chapters" "$MODULE_NAME")
  # shellcheck disable=SC2034 # used by the scripts that source this file
  IFS=$'\t' read -r MODULE MODULE_JAVA <<< "$row"
}

# module_row CHAPTERS NAME: "module<TAB>java" of NAME among CHAPTERS; exit 2 naming the known names.
module_row() {
  local chapters=$1 name=$2 rows row
  rows=$(module_rows "$chapters") || exit
  row=$(awk -F'\t' -v name="$name" '$2 == name { print $3 "\t" $4; exit }' <<< "$rows")
  [[ -n $row ]] || usage_error "unknown module: $name (modules: $(module_names "$chapters"))"
  printf '%s\n' "$row"
}

# require_module_java: exits 1 with a message, before any build, when the java that ./mvnw runs
# ($JAVA_HOME's, else the one on PATH) is older than MODULE_JAVA (set by read_module).
require_module_java() {
  local have
  have=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.specification.version/ { split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]) }')
  [[ -n $have ]] || die "cannot tell the Java version of ${JAVA_HOME:+$JAVA_HOME/bin/}java"
  (( have >= MODULE_JAVA )) \
    || die "$MODULE_NAME needs Java $MODULE_JAVA+ (virtual threads); ./mvnw runs Java $have here: set JAVA_HOME to a JDK $MODULE_JAVA+"
}

# module_tests MODULE MAVEN_ARG...: runs MODULE's tests, `./mvnw -q -pl MODULE -am test MAVEN_ARG...
# -Dsurefire.failIfNoSpecifiedTests=false`, all output into the file CHECK_OUTPUT (removed on exit);
# sets MAVEN_STATUS to Maven's exit status (a test that fails is the check's answer, not an error)
# and CHECK_STARTED to the second it started.
module_tests() {
  local module=$1
  shift
  CHECK_OUTPUT=$(mktemp "${TMPDIR:-/tmp}/$PROG.XXXXXX")
  trap 'rm -f "$CHECK_OUTPUT"' EXIT
  MAVEN_STATUS=0
  CHECK_STARTED=$(date +%s)
  (cd "$WORKBOOK_ROOT" && ./mvnw -q -pl "$module" -am test "$@" -Dsurefire.failIfNoSpecifiedTests=false) > "$CHECK_OUTPUT" 2>&1 \
    || MAVEN_STATUS=$?
}

# read_verdicts MODULE WHAT: the verdicts MODULE's matrix wrote during module_tests' run, the lines
# "check<TAB>verdict<TAB>detail" of MODULE/target/check-verdicts.tsv, into VERDICTS; when the file is
# missing, empty or older than the run (the build failed before the matrix ran), the end of
# Maven's output and exit 1 saying WHAT did not run.
read_verdicts() {
  local file=$1/target/check-verdicts.tsv
  if [[ ! -s $WORKBOOK_ROOT/$file ]]; then
    checks_did_not_run "$2" "no verdicts in $file"
  fi
  if (( $(stat -c %Y "$WORKBOOK_ROOT/$file") < CHECK_STARTED )); then
    checks_did_not_run "$2" "$file is from an earlier run"
  fi
  # shellcheck disable=SC2034 # used by the scripts that source this file
  VERDICTS=$(<"$WORKBOOK_ROOT/$file")
}

# checks_did_not_run WHAT WHY: the end of CHECK_OUTPUT, then exit 1 saying WHAT did not run, and WHY.
checks_did_not_run() {
  tail -n 40 "$CHECK_OUTPUT" >&2
  die "$1 did not run (Maven exit $MAVEN_STATUS; its output is above): $2"
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

# whole_number OPTION VALUE MIN [MAX]: VALUE as a plain whole number (leading zeros dropped) when it
# is one from MIN (to MAX); else exit 2 naming OPTION. The scripts' one reader of counts and ports.
whole_number() {
  local option=$1 value=$2 min=$3 max=${4:-} range
  range=${max:+from $min to $max}
  range=${range:->= $min}
  if [[ ! $value =~ ^[0-9]{1,9}$ ]] || (( 10#$value < min )) || { [[ -n $max ]] && (( 10#$value > max )); }; then
    usage_error "$option needs a whole number $range, got '$value'"
  fi
  echo $(( 10#$value ))
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

# start_hint URL: how to start the exercise server where URL points (its port kept), for error messages.
start_hint() {
  local port=${1##*:}
  [[ $port =~ ^[0-9]+$ ]] || port=80
  echo "start one with: scripts/run-server.sh exercise --port $port   (or in the background: scripts/run-server.sh exercise --port $port --background)"
}

# require_server URL: exits 1 with a clear message unless a workbook server answers at URL.
require_server() {
  local url=$1 probe="$1/debug/threads?debug=1" body status=0
  body=$(curl -sS --max-time 10 "$probe" 2>&1) || status=$?
  case $status in
    0) ;;
    7) die "no server is running at $url (connection refused); $(start_hint "$url")" ;;
    28) die "the server at $url did not answer within 10 s" ;;
    *) die "cannot reach $url: ${body:-curl exit $status}" ;;
  esac
  if [[ $body != "thread profile: total "* ]]; then
    die "$url answers, but $probe is not a thread profile: is this a workbook server? (it said: $(printf '%s' "$body" | head -c 200))"
  fi
}

# thread_total URL: the thread total, from the first line of URL/debug/threads?debug=1 (the line the
# chapter greps). The scripts' one reader of it.
thread_total() {
  local body header
  body=$(curl -sS --fail --max-time "$CURL_MAX_TIME" "$1/debug/threads?debug=1") \
    || die "could not read $1/debug/threads?debug=1"
  header=${body%%$'\n'*}
  [[ $header =~ ^thread\ profile:\ total\ ([0-9]+) ]] || die "unexpected first line from $1/debug/threads?debug=1: '$header'"
  printf '%s\n' "${BASH_REMATCH[1]}"
}

# Settled: the same thread total in SETTLE_SAMPLES samples in a row, SETTLE_POLL seconds apart (the
# Java tests' Settling holds the same rule).
readonly SETTLE_SAMPLES=3 SETTLE_POLL=0.5

# await_settled URL SECONDS: samples URL's thread total until it has settled, or for SECONDS at
# most; prints the last total. Status 0 settled, 1 still changing, 2 no total read (said on stderr).
await_settled() {
  local url=$1 deadline=$(( SECONDS + $2 )) total last="" same=0
  while true; do
    total=$(thread_total "$url") || return 2
    if [[ $total == "$last" ]]; then same=$((same + 1)); else same=1 last=$total; fi
    if (( same >= SETTLE_SAMPLES )); then
      echo "$total"
      return 0
    fi
    if (( SECONDS >= deadline )); then
      echo "$total"
      return 1
    fi
    sleep "$SETTLE_POLL"
  done
}

# fetch_json_profile URL FILE: saves URL's thread profile as threadprof JSON.
fetch_json_profile() {
  curl -sS --fail --max-time "$CURL_MAX_TIME" -o "$2" "$1/debug/threads?format=json" \
    || die "could not read $1/debug/threads?format=json"
}

# profile_pid FILE: the JVM's pid from a threadprof JSON profile's "process" entry; empty when it has none.
profile_pid() {
  grep -o '"pid" *: *[0-9]*' "$1" | head -n 1 | grep -o '[0-9]*$' || true
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
