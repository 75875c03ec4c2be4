#!/usr/bin/env bash
# Brings up the Elasticsearch node and the Redis that the service and its tests use, without Docker.
#
#   scripts/services.sh [up]   start (or reuse) both; prints ES_URL=... and REDIS_URL=... on stdout
#   scripts/services.sh stop   stop what this script started (never a node or server it did not start)
#   scripts/services.sh status
#
# Typical use: eval "$(scripts/services.sh)"
# Environment:
#   ES_URL (+ ES_API_KEY | ES_USERNAME/ES_PASSWORD, ES_CA_CERT)  use that cluster, start nothing
#   ES_LOCAL_PORT=9200 ES_LOCAL_TRANSPORT_PORT=9300             the local node's ports (127.0.0.1 only)
#   ES_HEAP=1g        the local node's heap, 512m to 1g
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

cmd_up () {
  local started=$SECONDS
  take_lock
  es_up
  redis_up
  log "services ready in $((SECONDS - started)) s"
  emit ES_URL "$ES_URL_OUT"
  emit REDIS_URL "$REDIS_URL_OUT"
}

cmd_stop () {
  take_lock
  es_stop_instance "$ES_CACHE" Elasticsearch
  redis_stop
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
  redis_status
}

case ${1:-up} in
  up | start) cmd_up ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  -h | --help | help) sed -n '2,/^# shellcheck source-path/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2 ;;
  *) die "unknown command '$1' (up, stop, status)" ;;
esac
