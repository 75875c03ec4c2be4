# shellcheck shell=bash
# A local Elasticsearch cluster of N nodes on loopback (`services.sh --es-nodes N`), from the same unpacked
# distribution as the single node, one instance folder per node (elasticsearch.sh). The suite's test/cluster/ runs
# on it, and its fault tests kill and pause its nodes: a node that is missing is started again by `up`.

ES_CLUSTER_CACHE=$(dirname "$ES_CACHE")/es-cluster
ES_CLUSTER_HTTP_BASE=${ES_CLUSTER_HTTP_BASE:-9211}
ES_CLUSTER_TRANSPORT_BASE=${ES_CLUSTER_TRANSPORT_BASE:-9311}
ES_CLUSTER_NAME=ias-local-cluster

es_cluster_check_size () {
  if ! [[ $1 =~ ^[0-9]+$ ]] || (($1 < 2 || $1 > 5)); then die "--es-nodes takes 1 (the single node) or 2 to 5, not '$1'"; fi
  [[ $ES_CLUSTER_HTTP_BASE =~ ^[0-9]+$ && $ES_CLUSTER_TRANSPORT_BASE =~ ^[0-9]+$ ]] ||
    die "ES_CLUSTER_HTTP_BASE and ES_CLUSTER_TRANSPORT_BASE must be port numbers"
}

es_cluster_url () { printf 'http://127.0.0.1:%s' "$((ES_CLUSTER_HTTP_BASE + $1 - 1))"; }

# ES_URL for the service: every node, comma-separated (the client spreads requests and survives a dead node).
es_cluster_urls () {
  local i urls=()
  for ((i = 1; i <= $1; i++)); do urls+=("$(es_cluster_url "$i")"); done
  local IFS=,
  printf '%s' "${urls[*]}"
}

# True when node $2 of a cluster of $1 answers and sees all $1 nodes, with health yellow or better.
es_cluster_complete () {
  local body
  body=$(es_get "$(es_cluster_url "$2")" "/_cluster/health?wait_for_status=yellow&wait_for_nodes=$1&timeout=1s" 2> /dev/null) || return 1
  [[ $body == *"\"number_of_nodes\":$1,"* ]]
}

es_cluster_settings () {
  local n=$1 i=$2 j seeds=() masters=()
  for ((j = 1; j <= n; j++)); do
    seeds+=("127.0.0.1:$((ES_CLUSTER_TRANSPORT_BASE + j - 1))")
    masters+=("node-$j")
  done
  local IFS=,
  CLUSTER_SETTINGS=(
    -Ecluster.name="$ES_CLUSTER_NAME"
    -Enode.name="node-$i"
    -Expack.security.enabled=false
    -Enetwork.host=127.0.0.1
    -Ehttp.port="$((ES_CLUSTER_HTTP_BASE + i - 1))"
    -Etransport.port="$((ES_CLUSTER_TRANSPORT_BASE + i - 1))"
    -Ediscovery.seed_hosts="${seeds[*]}"
    # read once, when the cluster forms for the first time; ignored by a node that has joined it
    -Ecluster.initial_master_nodes="${masters[*]}"
    -Ecluster.routing.allocation.disk.threshold_enabled=false
    -Esearch.allow_expensive_queries=false
    -Eaction.destructive_requires_name=true
  )
}

# Starts every node of the cluster that is not running, all at once: a node of a new cluster waits for a quorum
# of the others before it reports itself started.
es_cluster_start_missing () {
  local n=$1 i dir opts setting settings pids=() nodes=()
  opts="-Xms${ES_CLUSTER_HEAP:-512m} -Xmx${ES_CLUSTER_HEAP:-512m}"
  for ((i = 1; i <= n; i++)); do
    dir=$ES_CLUSTER_CACHE/node-$i
    es_instance_pid "$dir" > /dev/null 2>&1 && continue
    [[ $dir != *[[:space:]]* ]] || die "the project path must not contain blanks: $dir"
    mkdir -p "$dir"/{data,logs,tmp}
    # A config folder per node: each writes its own keystore there, and nodes booting at once would race on one.
    [ -f "$dir/config/elasticsearch.yml" ] || cp -R "$ES_HOME/config" "$dir/config"
    es_setup_user "$dir"
    es_cluster_settings "$n" "$i"
    settings=("${CLUSTER_SETTINGS[@]}")
    while IFS= read -r setting; do
      [ -n "$setting" ] && settings+=("-E$setting")
    done < <(es_supported_optional_settings)
    log "Elasticsearch cluster: starting node-$i on $(es_cluster_url "$i") (heap ${ES_CLUSTER_HEAP:-512m})"
    NODE_PATH_CONF=$dir/config es_start "$dir" "$opts $(es_marker "$dir")" "${settings[@]}" &
    pids+=($!)
    nodes+=("$i")
    es_cluster_url "$i" > "$dir/es.url"
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { es_print_log_tail "$ES_CLUSTER_CACHE/node-${nodes[$i]}"; die "Elasticsearch cluster: node-${nodes[$i]} did not start"; }
  done
}

# Sets ES_URL_OUT.
es_cluster_up () {
  local n=$1 i started=$SECONDS deadline missing=0
  es_cluster_check_size "$n"
  ES_URL_OUT=$(es_cluster_urls "$n")
  for ((i = 1; i <= n; i++)); do es_instance_pid "$ES_CLUSTER_CACHE/node-$i" > /dev/null 2>&1 || missing=1; done
  if ((missing == 0)) && es_cluster_complete "$n" 1; then
    log "Elasticsearch cluster: reusing the $n healthy nodes at $ES_URL_OUT"
    return
  fi
  es_prepare
  es_cluster_start_missing "$n"
  deadline=$((SECONDS + ${ES_START_TIMEOUT:-180}))
  until es_cluster_complete "$n" 1 || es_cluster_complete "$n" "$n"; do
    if ((SECONDS >= deadline)); then
      for ((i = 1; i <= n; i++)); do es_print_log_tail "$ES_CLUSTER_CACHE/node-$i"; done
      die "Elasticsearch cluster: the $n nodes did not form a yellow or green cluster within ${ES_START_TIMEOUT:-180} s"
    fi
    sleep 1
  done
  for ((i = 1; i <= n; i++)); do es_verify_settings "$(es_cluster_url "$i")" '' '' -Esearch.allow_expensive_queries=false; done
  log "Elasticsearch cluster: $n nodes healthy at $ES_URL_OUT after $((SECONDS - started)) s"
}

es_cluster_stop () {
  local dir pid
  for dir in "$ES_CLUSTER_CACHE"/node-*; do
    [ -d "$dir" ] || continue
    # SIGCONT first: a node a fault test left paused would ignore TERM until the KILL
    if pid=$(es_instance_pid "$dir" 2> /dev/null); then kill -CONT "$pid" 2> /dev/null || true; fi
    es_stop_instance "$dir" "Elasticsearch cluster ${dir##*/}"
  done
}

es_cluster_status () {
  local dir pid url
  for dir in "$ES_CLUSTER_CACHE"/node-*; do
    [ -d "$dir" ] || continue
    url=$(cat "$dir/es.url" 2> /dev/null || echo '?')
    if pid=$(es_instance_pid "$dir" 2> /dev/null); then
      echo "Elasticsearch cluster: ${dir##*/} started by this script, pid $pid, $url"
    else
      echo "Elasticsearch cluster: ${dir##*/} is not running"
    fi
  done
  url=$(es_cluster_url 1)
  if es_get "$url" /_cluster/health > /dev/null 2>&1; then
    echo "Elasticsearch cluster: health $(es_health_status "$url"), $(es_get "$url" /_cluster/health | sed -n 's/.*"number_of_nodes":\([0-9]*\).*/\1/p') nodes"
  fi
}
