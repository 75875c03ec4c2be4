# shellcheck shell=bash
# Redis for the service: a configured REDIS_URL, a Redis already on the loopback port, or one started here.
# Servers started here keep a pid file per port in .cache/redis; only those are ever stopped.

REDIS_DIR=$CACHE_DIR/redis

# PING over bash's /dev/tcp, for when redis-cli is not installed (no AUTH, no TLS).
redis_tcp_ping () {
  local reply=''
  (
    exec 3<> "/dev/tcp/$1/$2" || exit 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 3 reply <&3 || exit 1
    [[ $reply == '+PONG'* ]]
  ) 2> /dev/null
}

redis_ping_local () {
  if command -v redis-cli > /dev/null; then
    [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2> /dev/null)" = PONG ]
  else
    redis_tcp_ping 127.0.0.1 "$1"
  fi
}

redis_ping_url () {
  local url=$1 hostport
  if command -v redis-cli > /dev/null; then
    [ "$(redis-cli --no-auth-warning -u "$url" ping 2> /dev/null)" = PONG ]
    return
  fi
  [[ $url =~ ^redis://([^@/]*@)?([^/?]+) ]] || { warn "without redis-cli only redis:// URLs without a password can be checked"; return 1; }
  [ -z "${BASH_REMATCH[1]}" ] || { warn "without redis-cli a password-protected REDIS_URL cannot be checked"; return 1; }
  hostport=${BASH_REMATCH[2]}
  [[ $hostport == *:* ]] || hostport+=:6379
  redis_tcp_ping "${hostport%:*}" "${hostport##*:}"
}

# Prints the pid of the Redis this script started on port $1, dropping a stale pid file.
redis_instance_pid () {
  local file=$REDIS_DIR/redis-$1.pid pid cwd
  pid=$(read_pid_file "$file") || return 1
  if pid_alive "$pid" && [[ $(pid_args "$pid") == *redis-server*":$1"* ]]; then
    # a Redis started here runs with --dir in our cache: tells it from a Redis that reused the pid
    cwd=$(readlink "/proc/$pid/cwd" 2> /dev/null || printf '%s' "$REDIS_DIR")
    if [ "$cwd" = "$REDIS_DIR" ]; then
      printf '%s' "$pid"
      return 0
    fi
  fi
  log "removing stale pid file $file"
  rm -f "$file"
  return 1
}

redis_start () {
  local port=$1 i
  if ! command -v redis-server > /dev/null; then
    apt_install redis-server || die "redis-server is missing (Debian package: redis-server) and cannot be installed as $(id -un)"
    # the package may start its own service on 6379
    if redis_ping_local "$port"; then return 0; fi
  fi
  mkdir -p "$REDIS_DIR"
  log "Redis: starting redis-server on 127.0.0.1:$port ..."
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$REDIS_DIR" \
    --logfile "$REDIS_DIR/redis-$port.log" --pidfile "$REDIS_DIR/redis-$port.pid" \
    --maxmemory 256mb --maxmemory-policy volatile-lru >&2 9>&- || die "redis-server did not start"
  for ((i = 0; i < 50; i++)); do
    redis_ping_local "$port" && return 0
    sleep 0.2
  done
  tail -n 40 "$REDIS_DIR/redis-$port.log" >&2 2> /dev/null || true
  die "Redis on 127.0.0.1:$port did not answer PING within 10 s"
}

# Sets REDIS_URL_OUT (read by services.sh).
# shellcheck disable=SC2034
redis_up () {
  local port=${REDIS_LOCAL_PORT:-6379}
  if [ -n "${REDIS_URL:-}" ]; then
    redis_ping_url "$REDIS_URL" || die "REDIS_URL does not answer PING"
    log "Redis: the configured REDIS_URL answers PING"
    REDIS_URL_OUT=$REDIS_URL
    return
  fi
  [[ $port =~ ^[0-9]+$ ]] || die "REDIS_LOCAL_PORT must be a port number, not '$port'"
  REDIS_URL_OUT=redis://127.0.0.1:$port
  if redis_ping_local "$port"; then
    log "Redis: reusing the server that answers PING on 127.0.0.1:$port"
    return
  fi
  redis_start "$port"
  log "Redis: ready on 127.0.0.1:$port"
}

redis_stop () {
  local file port pid found=no
  for file in "$REDIS_DIR"/redis-*.pid; do
    [ -f "$file" ] || continue
    port=${file##*/redis-}
    port=${port%.pid}
    if pid=$(redis_instance_pid "$port"); then
      found=yes
      log "Redis: stopping the server on port $port (pid $pid) ..."
      stop_pid "$pid" 30
      rm -f "$file"
    fi
  done
  [ "$found" = yes ] || log "Redis: no server started by this script is running (others are left alone)"
}

redis_status () {
  local port=${REDIS_LOCAL_PORT:-6379} file p pid
  if [ -n "${REDIS_URL:-}" ]; then
    if redis_ping_url "$REDIS_URL"; then echo "Redis: REDIS_URL answers PING"; else echo "Redis: REDIS_URL does not answer"; fi
  fi
  for file in "$REDIS_DIR"/redis-*.pid; do
    [ -f "$file" ] || continue
    p=${file##*/redis-}
    p=${p%.pid}
    if pid=$(redis_instance_pid "$p" 2> /dev/null); then echo "Redis: started by this script on 127.0.0.1:$p, pid $pid"; fi
  done
  if redis_ping_local "$port"; then
    echo "Redis: 127.0.0.1:$port answers PING"
  else
    echo "Redis: nothing answers on 127.0.0.1:$port"
  fi
}
