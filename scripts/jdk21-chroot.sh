#!/usr/bin/env bash
# Runs a command with OpenJDK 21 in a Debian chroot, the checkout visible at its own path: for
# hosts with no JDK 21 package (Debian 12), to measure Java 21 beside the host's JDK.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

SUITE=trixie
MIRROR=${JDK21_CHROOT_MIRROR:-http://deb.debian.org/debian}

usage() {
  cat <<USAGE
Usage: $PROG [--dir DIR] [--] COMMAND [ARG...]
       $PROG [--dir DIR] --create

Runs COMMAND with OpenJDK 21 (Debian $SUITE's openjdk-21-jdk-headless) inside a chroot at DIR,
in the current directory, with JAVA_HOME and PATH set to the chroot's JDK 21. The checkout
($WORKBOOK_ROOT) is visible inside at the same path, so every path in COMMAND means the same
inside and out; ~/.m2 is visible too, so ./mvnw -o works inside. What this run mounts it
unmounts again; runs on one DIR take turns (flock).

When DIR holds no JDK 21 yet, it is created first (a few minutes, about 650 MB):
  debootstrap --variant=minbase --include=openjdk-21-jdk-headless $SUITE DIR $MIRROR

  --dir DIR    the chroot (default \$JDK21_CHROOT or /var/tmp/trixie21)
  --create     only create DIR if it is missing, then exit
  -h, --help   this help

Run as root (chroot and mount need it). Creating needs debootstrap (apt-get install debootstrap)
and access to the mirror (\$JDK21_CHROOT_MIRROR overrides it).

Examples:
  $PROG java -version
  $PROG java -cp toolkit/benchmarks/target/benchmarks.jar \\
      dev.threadprofiling.benchmarks.pinning.PinningBenchmark run
Exit status: COMMAND's, 1 when the chroot cannot be made or entered, 2 on bad arguments.
USAGE
}

dir=${JDK21_CHROOT:-/var/tmp/trixie21} create_only=false
while (( $# > 0 )); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --dir) require_value "$1" $#; dir=$2; shift 2 ;;
    --create) create_only=true; shift ;;
    --) shift; break ;;
    -*) usage_error "unknown option: $1" ;;
    *) break ;;
  esac
done
if ! $create_only && (( $# == 0 )); then
  usage_error "which command? (e.g. $PROG java -version)"
fi
[[ $dir == /* ]] || usage_error "--dir must be an absolute path, got '$dir'"
(( EUID == 0 )) || die "run it as root: chroot and mount need it (e.g. sudo $0 ...)"
require chroot mount umount flock

# The JDK 21 inside the chroot, or nothing.
chroot_jdk() {
  local jdk
  for jdk in "$dir"/usr/lib/jvm/java-21-openjdk-*; do
    if [[ -x $jdk/bin/java ]]; then
      echo "${jdk#"$dir"}"
      return 0
    fi
  done
  return 1
}

if ! chroot_jdk >/dev/null; then
  require debootstrap
  if [[ -e $dir ]] && [[ -n $(ls -A "$dir") ]]; then
    die "$dir exists and holds no JDK 21: remove it, or pick another with --dir"
  fi
  echo "$PROG: creating $dir with debootstrap ($SUITE, openjdk-21-jdk-headless); this takes a few minutes" >&2
  mkdir -p "$dir"
  debootstrap --variant=minbase --include=openjdk-21-jdk-headless "$SUITE" "$dir" "$MIRROR" >&2 \
    || die "debootstrap failed; see its output above (and $dir/debootstrap/debootstrap.log)"
  chroot_jdk >/dev/null || die "debootstrap finished but $dir holds no /usr/lib/jvm/java-21-openjdk-*"
fi
if $create_only; then
  echo "$dir holds $(chroot_jdk)"
  exit 0
fi
jdk=$(chroot_jdk)

exec 9>"$dir/.jdk21-chroot.lock"
flock 9

mounted=()
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local i
  for (( i = ${#mounted[@]} - 1; i >= 0; i-- )); do
    umount "${mounted[i]}" || echo "$PROG: could not unmount ${mounted[i]}" >&2
  done
}
trap cleanup EXIT

# bind SOURCE: makes SOURCE visible at the same path inside, unless it already is.
bind() {
  local source=$1 target=$dir$1
  if [[ -d $target ]] && [[ $(stat -c %d:%i "$source") == "$(stat -c %d:%i "$target")" ]]; then
    return 0
  fi
  mkdir -p "$target"
  mount --bind "$source" "$target" || die "could not bind $source into $dir"
  mounted+=("$target")
}

if [[ ! -e $dir/proc/self ]]; then
  mount -t proc proc "$dir/proc" || die "could not mount /proc in $dir"
  mounted+=("$dir/proc")
fi
bind "$WORKBOOK_ROOT"
if [[ -d $HOME/.m2 ]]; then
  bind "$HOME/.m2"
fi
case $PWD/ in
  "$WORKBOOK_ROOT"/*|"$HOME"/.m2/*) cwd=$PWD ;;
  *) cwd=$WORKBOOK_ROOT ;;
esac

# In the background so that a TERM or INT sent to this script reaches COMMAND too (and the mounts
# are then undone); its standard input stays this script's.
exec 3<&0
# shellcheck disable=SC2016 # $1 and $@ are the inner shell's
chroot "$dir" /usr/bin/env JAVA_HOME="$jdk" HOME="$HOME" \
  PATH="$jdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@" <&3 3<&- &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT HUP
status=0
while true; do
  wait "$child" && status=0 || status=$?
  kill -0 "$child" 2>/dev/null || break
done
exit "$status"
