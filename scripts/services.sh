#!/usr/bin/env bash
# Brings up the Elasticsearch node and the Redis that the service and its tests use, without Docker.
#
#   scripts/services.sh [up]   start (or reuse) both; prints ES_URL=... and REDIS_URL=... on stdout
#   scripts/services.sh stop   stop what this script started (never a node or server it did not start)
#   scripts/services.sh status
# Options (after the command, or alone for `up`):
#   --es-nodes N      N > 1: a cluster of N nodes on 127.0.0.1:9211.. (transport 9311..) instead of the single
#                     node; prints ES_URL=<every node>. A node that died is started again.
#   --redis MODE      standalone (default), cluster (3 masters + 3 replicas on 7101-7106: prints REDIS_MODE and
#                     REDIS_CLUSTER_NODES) or sentinel (master 6391, replica 6392, sentinels 26391-26393: prints
#                     REDIS_MODE, REDIS_SENTINELS, REDIS_SENTINEL_NAME)
#   With `stop`, options stop only what they name (a topology's folders are removed, the next `up` builds it anew).
#
# Typical use: eval "$(scripts/services.sh)"; eval "$(scripts/services.sh --es-nodes 3 --redis cluster)"
# Environment:
#   ES_URL (+ ES_API_KEY | ES_USERNAME/ES_PASSWORD, ES_CA_CERT)  use that cluster, start nothing
#   ES_LOCAL_PORT=9200 ES_LOCAL_TRANSPORT_PORT=9300             the local node's ports (127.0.0.1 only)
#   ES_HEAP=1g        the local node's heap, 512m to 1g
#   ES_CLUSTER_HEAP=512m  heap of each cluster node; ES_CLUSTER_HTTP_BASE=9211 ES_CLUSTER_TRANSPORT_BASE=9311
#   REDIS_CLUSTER_BASE=7101 REDIS_SENTINEL_DATA_BASE=6391 REDIS_SENTINEL_BASE=26391  first ports of the topologies
#   ES_START_TIMEOUT=120  seconds to wait for the local node's health
#   REDIS_URL         use that Redis, start nothing
#   REDIS_LOCAL_PORT=6379
#   MAVEN_REPO_LOCAL  a local Maven repository other than ~/.m2/repository
# The Elasticsearch version is package.json's config.elasticsearch; everything lives in .cache/ (git-ignored).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd)
# shellcheck source=lib/common.sh
. "$LIB_DIR/common.sh"
# shellcheck source=lib/es-install.sh
. "$LIB_DIR/es-install.sh"
# shellcheck source=lib/elasticsearch.sh
. "$LIB_DIR/elasticsearch.sh"
# shellcheck source=lib/es-settings.sh
. "$LIB_DIR/es-settings.sh"
# shellcheck source=lib/redis.sh
. "$LIB_DIR/redis.sh"
# shellcheck source=lib/es-cluster.sh
. "$LIB_DIR/es-cluster.sh"
# shellcheck source=lib/redis-topologies.sh
. "$LIB_DIR/redis-topologies.sh"

# curl config carrying the remote cluster's credentials (kept off the command line)
remote_es_auth () {
  if [ -n "${ES_API_KEY:-}" ]; then
    printf 'header = %s\n' "$(curl_cfg_quote "Authorization: ApiKey $ES_API_KEY")"
  elif [ -n "${ES_USERNAME:-}" ]; then
    printf 'user = %s\n' "$(curl_cfg_quote "$ES_USERNAME:${ES_PASSWORD:-}")"
  fi
}

# ES_URL may list several nodes (comma-separated): one healthy node is enough, the others are reported.
es_check_remote () {
  local cfg node ok=0 body nodes
  cfg=$(remote_es_auth)
  [ -z "${ES_CA_CERT:-}" ] || [ -r "$ES_CA_CERT" ] || die "ES_CA_CERT=$ES_CA_CERT is not a readable file"
  IFS=',' read -r -a nodes <<< "$ES_URL"
  for node in "${nodes[@]}"; do
    node=${node// /}
    if body=$(es_get "$node" '/_cluster/health?wait_for_status=yellow&timeout=1s' "${ES_CA_CERT:-}" "$cfg" 2>&1); then
      log "Elasticsearch: $node answers, cluster health $(sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' <<< "$body")"
      ok=1
    else
      # curl says why: refused, TLS, 401, 408 (health below yellow)
      warn "Elasticsearch: $node: ${body%%$'\n'*}"
    fi
  done
  ((ok)) || die "no node of ES_URL answers _cluster/health with status yellow or green"
}

es_main_settings () {
  MAIN_SETTINGS=(
    -Ediscovery.type=single-node
    -Expack.security.enabled=false
    -Enetwork.host=127.0.0.1
    -Ehttp.port="$1"
    -Etransport.port="$2"
    # a busy CI disk must not flip indices read-only through the disk watermarks
    -Ecluster.routing.allocation.disk.threshold_enabled=false
    # the service must never need expensive queries: this node proves it
    -Esearch.allow_expensive_queries=false
    -Eaction.destructive_requires_name=true
  )
}

# Sets ES_URL_OUT.
es_up () {
  local port=${ES_LOCAL_PORT:-9200} tport=${ES_LOCAL_TRANSPORT_PORT:-9300} url
  if [ -n "${ES_URL:-}" ]; then
    es_check_remote
    ES_URL_OUT=$ES_URL
    return
  fi
  [[ $port =~ ^[0-9]+$ && $tport =~ ^[0-9]+$ ]] || die "ES_LOCAL_PORT and ES_LOCAL_TRANSPORT_PORT must be port numbers"
  url=http://127.0.0.1:$port
  ES_URL_OUT=$url
  if es_healthy "$url"; then
    log "Elasticsearch: reusing the healthy node at $url"
    es_warn_version "$url"
    return
  fi
  es_join_running Elasticsearch "$ES_CACHE" "$url" '' '' && return
  es_prepare
  mkdir -p "$ES_CACHE"/{data,logs,tmp}
  es_setup_user "$ES_CACHE"
  es_main_settings "$port" "$tport"
  es_run_node Elasticsearch "$ES_CACHE" "$url" '' '' "${MAIN_SETTINGS[@]}"
}

es_warn_version () {
  local running want
  running=$(es_node_version "$1")
  want=$(es_pinned_version)
  [ -z "$running" ] || [ "$running" = "$want" ] || warn "the node at $1 runs Elasticsearch $running, package.json pins $want"
}

ES_NODES=1
REDIS_TOPOLOGY=standalone
NAMED=no

cmd_up () {
  local started=$SECONDS
  take_lock
  if ((ES_NODES > 1)); then es_cluster_up "$ES_NODES"; else es_up; fi
  case $REDIS_TOPOLOGY in
    cluster) redis_cluster_up ;;
    sentinel) redis_sentinel_up ;;
    *) redis_up ;;
  esac
  log "services ready in $((SECONDS - started)) s"
  emit ES_URL "$ES_URL_OUT"
  case $REDIS_TOPOLOGY in
    cluster)
      emit REDIS_MODE cluster
      emit REDIS_CLUSTER_NODES "$REDIS_CLUSTER_OUT"
      ;;
    sentinel)
      emit REDIS_MODE sentinel
      emit REDIS_SENTINELS "$REDIS_SENTINELS_OUT"
      emit REDIS_SENTINEL_NAME "$REDIS_SENTINEL_NAME"
      ;;
    *) emit REDIS_URL "$REDIS_URL_OUT" ;;
  esac
}

cmd_stop () {
  take_lock
  if [ "$NAMED" = no ]; then
    es_stop_instance "$ES_CACHE" Elasticsearch
    es_cluster_stop
    redis_stop
    redis_stop_dirs "$REDIS_CLUSTER_DIR" cluster
    redis_stop_dirs "$REDIS_SENTINEL_DIR" sentinel
    return
  fi
  ((ES_NODES > 1)) && es_cluster_stop
  case $REDIS_TOPOLOGY in
    cluster) redis_stop_dirs "$REDIS_CLUSTER_DIR" cluster ;;
    sentinel) redis_stop_dirs "$REDIS_SENTINEL_DIR" sentinel ;;
  esac
  return 0
}

cmd_status () {
  local url=http://127.0.0.1:${ES_LOCAL_PORT:-9200} pid
  if pid=$(es_instance_pid "$ES_CACHE" 2> /dev/null); then
    echo "Elasticsearch: started by this script, pid $pid, $(cat "$ES_CACHE/es.url" 2> /dev/null || echo '?')"
  else
    echo "Elasticsearch: no node started by this script"
  fi
  if es_healthy "$url"; then
    echo "Elasticsearch: $url is healthy ($(es_health_status "$url"), version $(es_node_version "$url"))"
  else
    echo "Elasticsearch: nothing healthy answers on $url"
  fi
  es_cluster_status
  redis_status
  redis_topologies_status
}

usage () { sed -n '2,/^# shellcheck source-path/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; }

COMMAND=up
while (($# > 0)); do
  case $1 in
    up | start | stop | status) COMMAND=$1 ;;
    --es-nodes)
      [[ ${2:-} =~ ^[0-9]+$ ]] || { usage; die "--es-nodes takes a number"; }
      ES_NODES=$2 NAMED=yes
      ((ES_NODES == 1)) || es_cluster_check_size "$ES_NODES"
      shift
      ;;
    --redis)
      [[ ${2:-} =~ ^(standalone|cluster|sentinel)$ ]] || { usage; die "--redis takes standalone, cluster or sentinel"; }
      REDIS_TOPOLOGY=$2 NAMED=yes
      shift
      ;;
    -h | --help | help) usage; exit 0 ;;
    *) usage; echo "error: unknown command or option '$1' (up, stop, status, --es-nodes N, --redis MODE)" >&2; exit 2 ;;
  esac
  shift
done

case $COMMAND in
  up | start) cmd_up ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
esac
