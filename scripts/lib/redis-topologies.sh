# shellcheck shell=bash
# Redis Cluster (3 masters + 3 replicas) and Redis Sentinel (a master, a replica, 3 sentinels) on loopback, from
# Debian's redis-server, for `services.sh --redis cluster|sentinel`. Each server has a folder of its own under
# .cache/ (pid, log, config); only servers whose pid file is there are ever stopped. `stop` removes the folders,
# so the next `up` builds a topology from scratch instead of reviving one a fault test left half-failed-over.

REDIS_CLUSTER_BASE=${REDIS_CLUSTER_BASE:-7101}
REDIS_SENTINEL_DATA_BASE=${REDIS_SENTINEL_DATA_BASE:-6391}
REDIS_SENTINEL_BASE=${REDIS_SENTINEL_BASE:-26391}
REDIS_SENTINEL_NAME=mymaster
REDIS_CLUSTER_DIR=$CACHE_DIR/redis-cluster
REDIS_SENTINEL_DIR=$CACHE_DIR/redis-sentinel

rcli () { redis-cli -h 127.0.0.1 -p "$1" "${@:2}" 2> /dev/null; }

redis_need_server () {
  command -v redis-server > /dev/null && command -v redis-cli > /dev/null && return 0
  apt_install redis-server redis-tools || die "redis-server is missing (Debian package: redis-server) and cannot be installed as $(id -un)"
}

# Sentinel is the same binary in another mode: Debian's redis-sentinel when installed, else redis-server --sentinel.
redis_sentinel_cmd () {
  if command -v redis-sentinel > /dev/null; then SENTINEL_CMD=(redis-sentinel); else SENTINEL_CMD=(redis-server); fi
}

# Prints the pid of the server started from folder $1 on port $2; fails when it is not running.
redis_dir_pid () {
  local pid
  pid=$(read_pid_file "$1/pid") || return 1
  pid_alive "$pid" && [[ $(pid_args "$pid") == *":$2"* ]] && [ "$(readlink "/proc/$pid/cwd" 2> /dev/null || printf '%s' "$1")" = "$1" ] &&
    printf '%s' "$pid"
}

redis_wait_ping () {
  local i
  for ((i = 0; i < 50; i++)); do
    [ "$(rcli "$1" ping)" = PONG ] && return 0
    sleep 0.2
  done
  die "Redis on 127.0.0.1:$1 did not answer PING within 10 s (log: $2/log)"
}

# redis_spawn DIR PORT ARG...: a daemonized server whose files live in DIR.
redis_spawn () {
  local dir=$1 port=$2
  shift 2
  mkdir -p "$dir"
  redis-server "$@" --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$dir" --pidfile "$dir/pid" --logfile "$dir/log" \
    --save '' --appendonly no --maxmemory 128mb --maxmemory-policy volatile-lru >&2 9>&- || die "redis-server on port $port did not start"
  redis_wait_ping "$port" "$dir"
}

redis_stop_dirs () {
  local dir port pid
  for dir in "$1"/*/; do
    dir=${dir%/}
    [ -d "$dir" ] || continue
    port=${dir##*/}
    if pid=$(redis_dir_pid "$dir" "$port"); then
      kill -CONT "$pid" 2> /dev/null || true
      log "Redis ($2): stopping port $port (pid $pid)"
      stop_pid "$pid" 30
    fi
  done
  rm -rf "$1"
}

redis_cluster_ports () { local i; for ((i = 0; i < 6; i++)); do printf '%s ' "$((REDIS_CLUSTER_BASE + i))"; done; }

redis_cluster_nodes () {
  local p out=()
  for p in $(redis_cluster_ports); do out+=("127.0.0.1:$p"); done
  local IFS=,
  printf '%s' "${out[*]}"
}

redis_cluster_ok () {
  local p
  for p in $(redis_cluster_ports); do
    [[ $(rcli "$p" cluster info) == *cluster_state:ok* ]] || return 1
  done
}

# Sets REDIS_CLUSTER_OUT. A node that died (a fault test) is started again from its nodes.conf and rejoins.
# shellcheck disable=SC2034
redis_cluster_up () {
  local p dir missing=0 fresh=1 i addrs=()
  redis_need_server
  REDIS_CLUSTER_OUT=$(redis_cluster_nodes)
  for p in $(redis_cluster_ports); do
    dir=$REDIS_CLUSTER_DIR/$p
    [ -s "$dir/nodes.conf" ] && fresh=0
    redis_dir_pid "$dir" "$p" > /dev/null && continue
    [ "$(rcli "$p" ping)" = PONG ] && die "port $p answers but is not a Redis this script started: set REDIS_CLUSTER_BASE"
    missing=1
    log "Redis Cluster: starting 127.0.0.1:$p"
    redis_spawn "$dir" "$p" --cluster-enabled yes --cluster-config-file "$dir/nodes.conf" --cluster-node-timeout 2000
  done
  if ((missing == 0)) && redis_cluster_ok; then
    log "Redis Cluster: reusing the 6 nodes at $REDIS_CLUSTER_OUT"
    return
  fi
  if ((fresh == 1)); then
    for p in $(redis_cluster_ports); do addrs+=("127.0.0.1:$p"); done
    log "Redis Cluster: creating 3 masters + 3 replicas"
    redis-cli --cluster create "${addrs[@]}" --cluster-replicas 1 --cluster-yes > "$REDIS_CLUSTER_DIR/create.log" 2>&1 ||
      { tail -n 20 "$REDIS_CLUSTER_DIR/create.log" >&2; die "redis-cli --cluster create failed"; }
  fi
  for ((i = 0; i < 150; i++)); do
    redis_cluster_ok && { log "Redis Cluster: cluster_state:ok at $REDIS_CLUSTER_OUT"; return 0; }
    sleep 0.2
  done
  die "Redis Cluster: cluster_state is not ok after 30 s (\`services.sh stop --redis cluster\` rebuilds it)"
}

redis_sentinel_ports () { printf '%s %s %s' "$REDIS_SENTINEL_BASE" "$((REDIS_SENTINEL_BASE + 1))" "$((REDIS_SENTINEL_BASE + 2))"; }

redis_sentinels () {
  local p out=()
  for p in $(redis_sentinel_ports); do out+=("127.0.0.1:$p"); done
  local IFS=,
  printf '%s' "${out[*]}"
}

# The master the sentinels agree on (host:port), when one answers as master.
redis_sentinel_master () {
  local p addr
  for p in $(redis_sentinel_ports); do
    addr=$(rcli "$p" sentinel get-master-addr-by-name "$REDIS_SENTINEL_NAME" | paste -sd: -)
    [ -n "$addr" ] && [[ $(rcli "${addr##*:}" role | head -n 1) == master ]] && { printf '%s' "$addr"; return 0; }
  done
  return 1
}

redis_sentinel_ok () {
  local p master
  master=$(redis_sentinel_master) || return 1
  [[ $(rcli "${master##*:}" info replication) == *connected_slaves:1* ]] || return 1
  for p in $(redis_sentinel_ports); do
    [[ $(rcli "$p" sentinel master "$REDIS_SENTINEL_NAME" | paste -sd' ' -) == *num-other-sentinels\ 2* ]] || return 1
  done
}

# Sets REDIS_SENTINELS_OUT. A data server that died comes back as a replica of the current master (never as a second
# master); sentinels start only while a master answers, otherwise they would never fail over.
# shellcheck disable=SC2034
redis_sentinel_up () {
  local master=$REDIS_SENTINEL_DATA_BASE replica=$((REDIS_SENTINEL_DATA_BASE + 1)) p dir current conf i
  redis_need_server
  redis_sentinel_cmd
  REDIS_SENTINELS_OUT=$(redis_sentinels)
  if redis_sentinel_ok; then
    log "Redis Sentinel: reusing the master at $(redis_sentinel_master), sentinels $REDIS_SENTINELS_OUT"
    return
  fi
  current=$(redis_sentinel_master || true)
  for p in $master $replica; do
    dir=$REDIS_SENTINEL_DIR/$p
    redis_dir_pid "$dir" "$p" > /dev/null && continue
    [ "$(rcli "$p" ping)" = PONG ] && die "port $p answers but is not a Redis this script started: set REDIS_SENTINEL_DATA_BASE"
    log "Redis Sentinel: starting the data server 127.0.0.1:$p"
    if [ -n "$current" ] && [ "$current" != "127.0.0.1:$p" ]; then
      redis_spawn "$dir" "$p" --replicaof 127.0.0.1 "${current##*:}"
    elif [ -z "$current" ] && [ "$p" = "$replica" ]; then
      redis_spawn "$dir" "$p" --replicaof 127.0.0.1 "$master"
    else
      redis_spawn "$dir" "$p"
    fi
  done
  current=${current:-127.0.0.1:$master}
  for p in $(redis_sentinel_ports); do
    dir=$REDIS_SENTINEL_DIR/$p
    redis_dir_pid "$dir" "$p" > /dev/null && continue
    mkdir -p "$dir"
    conf=$dir/sentinel.conf
    # Sentinel rewrites its file (known replicas, sentinels, epochs): written once, kept while the folder lives.
    [ -f "$conf" ] || printf '%s\n' "port $p" 'bind 127.0.0.1' "dir $dir" "pidfile $dir/pid" "logfile $dir/log" \
      'daemonize yes' "sentinel monitor $REDIS_SENTINEL_NAME ${current%%:*} ${current##*:} 2" \
      "sentinel down-after-milliseconds $REDIS_SENTINEL_NAME 2000" "sentinel failover-timeout $REDIS_SENTINEL_NAME 10000" \
      "sentinel parallel-syncs $REDIS_SENTINEL_NAME 1" > "$conf"
    log "Redis Sentinel: starting sentinel 127.0.0.1:$p"
    "${SENTINEL_CMD[@]}" "$conf" --sentinel >&2 9>&- || die "sentinel on port $p did not start"
    redis_wait_ping "$p" "$dir"
  done
  for ((i = 0; i < 150; i++)); do
    redis_sentinel_ok && { log "Redis Sentinel: master $(redis_sentinel_master), sentinels $REDIS_SENTINELS_OUT"; return 0; }
    sleep 0.2
  done
  die "Redis Sentinel: no master with a replica and 3 sentinels that see each other after 30 s (\`services.sh stop --redis sentinel\` rebuilds it)"
}

redis_topologies_status () {
  local dir p pid
  for dir in "$REDIS_CLUSTER_DIR"/*/ "$REDIS_SENTINEL_DIR"/*/; do
    dir=${dir%/}
    [ -d "$dir" ] || continue
    p=${dir##*/}
    if pid=$(redis_dir_pid "$dir" "$p"); then
      echo "Redis ${dir%/*}: 127.0.0.1:$p pid $pid, role $(rcli "$p" role | head -n 1)" | sed "s|$CACHE_DIR/||"
    else
      echo "Redis ${dir%/*}: 127.0.0.1:$p not running" | sed "s|$CACHE_DIR/||"
    fi
  done
  if [ -d "$REDIS_CLUSTER_DIR" ]; then
    if redis_cluster_ok; then echo "Redis Cluster: cluster_state:ok"; else echo "Redis Cluster: not ok"; fi
  fi
  if [ -d "$REDIS_SENTINEL_DIR" ]; then echo "Redis Sentinel: master ${SENTINEL_MASTER:-$(redis_sentinel_master || echo none)}"; fi
}
