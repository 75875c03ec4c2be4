# shellcheck shell=bash
# Running, checking and stopping an Elasticsearch node. A node "instance" is a folder holding es.pid, es.url,
# data/, logs/ and tmp/; the JVM carries a marker naming that folder, so a pid file can never point us at a
# process we did not start (a reused pid, another node, another checkout).

es_marker () { printf -- '-Dlocal.services.instance=%s' "$1"; }

# Prints the pid of the node running from instance folder $1; fails (and drops a stale pid file) otherwise.
es_instance_pid () {
  local dir=$1 pid
  pid=$(read_pid_file "$dir/es.pid") || return 1
  if pid_alive "$pid" && [[ $(pid_args "$pid") == *"$(es_marker "$dir") "* ]]; then
    printf '%s' "$pid"
    return 0
  fi
  log "removing stale pid file $dir/es.pid (pid $pid is not this instance's Elasticsearch)"
  rm -f "$dir/es.pid" "$dir/es.url"
  return 1
}

# Escapes a value for curl's config syntax, which is how secrets reach curl without showing up in `ps`.
curl_cfg_quote () {
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

# es_get URL PATH [CA_CERT] [CURL_CONFIG]: body on stdout, non-zero on any HTTP or connection error.
es_get () {
  local args=(-fsS --max-time 5)
  [ -n "${3:-}" ] && args+=(--cacert "$3")
  curl "${args[@]}" -K - "${1%/}$2" <<< "${4:-}"
}

es_healthy () { es_get "$1" '/_cluster/health?wait_for_status=yellow&timeout=1s' "${2:-}" "${3:-}" > /dev/null 2>&1; }

es_health_status () {
  es_get "$1" '/_cluster/health' "${2:-}" "${3:-}" 2> /dev/null | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}

# Polls health for up to ES_START_TIMEOUT seconds (default 120), giving up early when the node's process dies.
es_wait () {
  local url=$1 dir=$2 ca=${3:-} cfg=${4:-} pid dots='' deadline=$((SECONDS + ${ES_START_TIMEOUT:-120}))
  pid=$(read_pid_file "$dir/es.pid") || true
  until es_healthy "$url" "$ca" "$cfg"; do
    if ((SECONDS >= deadline)) || { [ -n "$pid" ] && ! pid_alive "$pid"; }; then
      [ -z "$dots" ] || printf '\n' >&2
      return 1
    fi
    printf '.' >&2
    dots=yes
    sleep 1
  done
  [ -z "$dots" ] || printf '\n' >&2
}

es_print_log_tail () {
  local dir=$1 file=$1/logs/elasticsearch.log
  if [ -f "$file" ]; then
    log "--- last 40 lines of $file ---"
    tail -n 40 "$file" >&2
  fi
  if [ -s "$dir/start.out" ]; then
    log "--- last 40 lines of $dir/start.out (launcher output) ---"
    tail -n 40 "$dir/start.out" >&2
  fi
}

# Heap bound: 512m is the least this service was measured to run its indexing with, 1g the default; more only
# takes memory from the tests on a 24 GiB, 2-core machine.
es_java_opts () {
  local heap=${ES_HEAP:-1g} mb
  [[ $heap =~ ^([0-9]+)([mMgG])$ ]] || die "ES_HEAP must look like 512m or 1g, not '$heap'"
  mb=${BASH_REMATCH[1]}
  [[ ${BASH_REMATCH[2]} == [gG] ]] && mb=$((mb * 1024))
  ((mb >= 512 && mb <= 1024)) || warn "ES_HEAP=$heap is outside the supported 512m-1g"
  printf -- '-Xms%s -Xmx%s %s' "$heap" "$heap" "$(es_marker "$1")"
}

# es_start DIR JAVA_OPTS SETTING...: daemonizes a node for instance DIR (`-d` returns once it booted or failed).
es_start () {
  local dir=$1 envs
  envs=(-u ES_PATH_CONF "ES_JAVA_HOME=$ES_JAVA" "ES_JAVA_OPTS=$2" "ES_TMPDIR=$dir/tmp")
  shift 2
  [ -n "${NODE_PATH_CONF:-}" ] && envs+=("ES_PATH_CONF=$NODE_PATH_CONF")
  rm -f "$dir/es.pid"
  (
    cd "$ES_HOME" || exit 1
    "${RUN_AS[@]}" env "${envs[@]}" bin/elasticsearch -d -p "$dir/es.pid" \
      -Epath.data="$dir/data" -Epath.logs="$dir/logs" "$@"
  ) > "$dir/start.out" 2>&1 9>&-
}

# es_join_running NAME DIR URL CA CURL_CONFIG: when this instance's node runs but was not healthy yet (still
# booting, say), waits for it; fails (status 1) when no node of this instance runs.
es_join_running () {
  local name=$1 dir=$2 url=$3 pid served
  pid=$(es_instance_pid "$dir") || return 1
  served=$(cat "$dir/es.url" 2> /dev/null || true)
  [ "$served" = "$url" ] || die "$name: the node started by this script (pid $pid) serves ${served:-another port}, not $url: stop it first"
  log "$name: node $pid started earlier is not healthy yet, waiting"
  es_wait "$url" "$dir" "$4" "$5" || { es_print_log_tail "$dir"; die "$name: node $pid at $url is not healthy; stop it to start afresh"; }
}

# es_run_node NAME DIR URL CA CURL_CONFIG SETTING...: starts, waits for health and checks the settings; exits on
# failure with the node's log. The optional settings are added here, and one that ES rejects is dropped once.
es_run_node () {
  local name=$1 dir=$2 url=$3 ca=$4 cfg=$5 started=$SECONDS tries setting settings opts
  shift 5
  # ES splits ES_JAVA_OPTS on blanks, which would break the instance marker
  [[ $dir != *[[:space:]]* ]] || die "the project path must not contain blanks: $dir"
  opts=$(es_java_opts "$dir")
  for tries in 1 2; do
    settings=("$@")
    while IFS= read -r setting; do
      [ -n "$setting" ] && settings+=("-E$setting")
    done < <(es_supported_optional_settings)
    log "$name: starting $ES_VERSION on $url (Java $(java_major "$ES_JAVA"), heap ${ES_HEAP:-1g})"
    if es_start "$dir" "$opts" "${settings[@]}"; then break; fi
    if ((tries == 1)) && es_drop_rejected_setting "$dir"; then continue; fi
    es_print_log_tail "$dir"
    die "$name did not start"
  done
  printf '%s\n' "$url" > "$dir/es.url"
  es_wait "$url" "$dir" "$ca" "$cfg" || { es_print_log_tail "$dir"; die "$name at $url did not become healthy"; }
  es_verify_settings "$url" "$ca" "$cfg" "${settings[@]}"
  log "$name: healthy at $url after $((SECONDS - started)) s (pid $(read_pid_file "$dir/es.pid"))"
}

es_node_version () {
  es_get "$1" '/_nodes/_local?filter_path=nodes.*.version' "${2:-}" "${3:-}" 2> /dev/null |
    sed -n 's/.*"version":"\([^"]*\)".*/\1/p'
}

es_stop_instance () {
  local dir=$1 name=$2 pid
  if pid=$(es_instance_pid "$dir"); then
    log "$name: stopping pid $pid ..."
    stop_pid "$pid" 60
    rm -f "$dir/es.pid" "$dir/es.url"
    log "$name: stopped"
  else
    log "$name: no node started by this script is running"
  fi
}
