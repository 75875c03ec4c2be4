# shellcheck shell=bash
# Helpers shared by scripts/services.sh and scripts/es-secure.sh.
# stdout is reserved for the KEY=value lines other scripts eval: every human message goes to stderr.

PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE_DIR=$PROJECT_DIR/.cache

log () { printf '%s\n' "$*" >&2; }
warn () { printf 'warning: %s\n' "$*" >&2; }
die () { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root () { [ "$(id -u)" -eq 0 ]; }

# Installs Debian packages when we are root; returns non-zero (and changes nothing) otherwise.
apt_install () {
  local out
  is_root && command -v apt-get > /dev/null || return 1
  log "installing $* with apt-get ..."
  mkdir -p "$CACHE_DIR"
  out=$CACHE_DIR/apt.log
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq > "$out" 2>&1 || { tail -n 20 "$out" >&2; return 1; }
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > "$out" 2>&1 || { tail -n 20 "$out" >&2; return 1; }
}

# Plain URLs (commas included) print as they are; anything else is single-quoted so `eval` stays safe.
emit () {
  if [[ $2 =~ ^[A-Za-z0-9_@%+=:,./-]*$ ]]; then
    printf '%s=%s\n' "$1" "$2"
  else
    printf "%s='%s'\n" "$1" "${2//\'/\'\\\'\'}"
  fi
}

pid_alive () { [ -n "$1" ] && ps -p "$1" > /dev/null 2>&1; }
pid_args () { ps -ww -o args= -p "$1" 2> /dev/null || true; }

# Prints the pid stored in a pid file; fails when the file is missing or holds no number.
read_pid_file () {
  local pid
  [ -f "$1" ] || return 1
  pid=$(tr -dc '0-9' < "$1")
  [ -n "$pid" ] && printf '%s' "$pid"
}

# Sends TERM and waits up to $2 seconds; KILL after that, since a hung node must not block `stop` forever.
stop_pid () {
  local pid=$1 wait=${2:-60} deadline
  kill -TERM "$pid" 2> /dev/null || return 0
  deadline=$((SECONDS + wait))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.5; done
  if pid_alive "$pid"; then
    warn "pid $pid ignored TERM for ${wait}s: killing it"
    kill -KILL "$pid" 2> /dev/null || true
  fi
}

# Serialises concurrent runs (parallel CI jobs, a `stop` during an `up`). Daemons are started with 9>&-,
# otherwise they would inherit fd 9 and hold the lock for their whole life.
take_lock () {
  mkdir -p "$CACHE_DIR"
  exec 9> "$CACHE_DIR/services.lock"
  if command -v flock > /dev/null; then
    flock -w 600 9 || die "another run of scripts/services.sh holds $CACHE_DIR/services.lock"
  fi
}

# Unpacks a zip into a folder: unzip (installed when root and missing), else the JDK's jar tool.
unzip_to () {
  local zip=$1 dir=$2 jar=${3:-}
  if command -v unzip > /dev/null || apt_install unzip; then
    unzip -q "$zip" -d "$dir"
    return
  fi
  if [ -z "$jar" ] || [ ! -x "$jar" ]; then die "neither unzip nor a JDK jar tool is available to unpack $zip"; fi
  log "unzip is missing: unpacking with $jar"
  # jar loses the executable bits, so give them back to the launch scripts
  (cd "$dir" && "$jar" xf "$zip") || return 1
  local bin
  for bin in "$dir"/*/bin; do [ -d "$bin" ] && chmod a+x "$bin"/*; done
  return 0
}
