#!/usr/bin/env bash
# A second local Elasticsearch node with security on and TLS on HTTP, for testing the app's credentials and CA
# settings against a real node. It shares the distribution unpacked by scripts/services.sh, not its data.
#
#   scripts/es-secure.sh [up]   start (or reuse); prints ES_URL, ES_USERNAME, ES_PASSWORD, ES_CA_CERT on stdout
#   scripts/es-secure.sh stop
#   scripts/es-secure.sh status
#
# Environment: ES_SECURE_PORT=9201 ES_SECURE_TRANSPORT_PORT=9301 ES_SECURE_USERNAME=search-admin
#   ES_SECURE_HEAP=512m. State (config, CA, credentials, data) lives in .cache/elasticsearch-secure/.
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

SEC_DIR=$CACHE_DIR/elasticsearch-secure
SEC_CONF=$SEC_DIR/config
SEC_CA=$SEC_CONF/certs/ca.crt
SEC_CREDS=$SEC_DIR/credentials
SEC_USER=${ES_SECURE_USERNAME:-search-admin}
SEC_PORT=${ES_SECURE_PORT:-9201}
SEC_URL=https://127.0.0.1:$SEC_PORT
ES_HEAP=${ES_SECURE_HEAP:-512m}

es_tool () {
  local tool=$1
  shift
  env ES_JAVA_HOME="$ES_JAVA" ES_PATH_CONF="$SEC_CONF" "$ES_HOME/bin/elasticsearch-$tool" "$@" >&2 9>&-
}

stored_password () {
  [ "$(sed -n 's/^username=//p' "$SEC_CREDS" 2> /dev/null)" = "$SEC_USER" ] || return 1
  sed -n 's/^password=//p' "$SEC_CREDS"
}

auth_config () { printf 'user = %s\n' "$(curl_cfg_quote "$SEC_USER:$(stored_password)")"; }

# Own copy of the distribution's config (hunspell dictionary included), minus the other node's keystore.
sec_config () {
  if [ ! -f "$SEC_CONF/jvm.options" ]; then
    mkdir -p "$SEC_DIR"
    rm -rf "$SEC_CONF.tmp"
    cp -R "$ES_HOME/config" "$SEC_CONF.tmp"
    rm -f "$SEC_CONF.tmp/elasticsearch.keystore"
    mv "$SEC_CONF.tmp" "$SEC_CONF"
  fi
  if [ -d "$ES_HOME/config/hunspell" ]; then cp -R "$ES_HOME/config/hunspell" "$SEC_CONF/"; fi
}

# A CA and an HTTP certificate for 127.0.0.1 and localhost, made once; the CA key is not kept.
sec_certs () {
  local tmp
  [ -s "$SEC_CA" ] && [ -s "$SEC_CONF/certs/http.crt" ] && [ -s "$SEC_CONF/certs/http.key" ] && return 0
  log "making a CA and an HTTP certificate with elasticsearch-certutil ..."
  tmp=$(mktemp -d "$SEC_DIR/.certs.XXXXXX")
  es_tool certutil ca --pem --silent --out "$tmp/ca.zip" || die "elasticsearch-certutil ca failed"
  unzip_to "$tmp/ca.zip" "$tmp" "$ES_JAVA/bin/jar"
  es_tool certutil cert --pem --silent --ca-cert "$tmp/ca/ca.crt" --ca-key "$tmp/ca/ca.key" --name http \
    --ip 127.0.0.1 --dns localhost --out "$tmp/http.zip" || die "elasticsearch-certutil cert failed"
  unzip_to "$tmp/http.zip" "$tmp" "$ES_JAVA/bin/jar"
  mkdir -p "$SEC_CONF/certs"
  cp "$tmp/ca/ca.crt" "$tmp/http/http.crt" "$tmp/http/http.key" "$SEC_CONF/certs/"
  chmod 600 "$SEC_CONF/certs/http.key"
  rm -rf "$tmp"
}

# A superuser in the file realm, with a random password kept in a 0600 file so later runs can print it.
sec_user () {
  local pass
  if stored_password > /dev/null && grep -q "^$SEC_USER:" "$SEC_CONF/users" 2> /dev/null; then return 0; fi
  pass=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  es_tool users userdel "$SEC_USER" 2> /dev/null || true
  es_tool users useradd "$SEC_USER" -p "$pass" -r superuser || die "elasticsearch-users useradd failed"
  (umask 077 && printf 'username=%s\npassword=%s\n' "$SEC_USER" "$pass" > "$SEC_CREDS")
}

print_env () {
  emit ES_URL "$SEC_URL"
  emit ES_USERNAME "$SEC_USER"
  emit ES_PASSWORD "$(stored_password)"
  emit ES_CA_CERT "$SEC_CA"
}

cmd_up () {
  local tport=${ES_SECURE_TRANSPORT_PORT:-9301} settings
  [[ $SEC_PORT =~ ^[0-9]+$ && $tport =~ ^[0-9]+$ ]] || die "ES_SECURE_PORT and ES_SECURE_TRANSPORT_PORT must be port numbers"
  take_lock
  if stored_password > /dev/null && es_healthy "$SEC_URL" "$SEC_CA" "$(auth_config)"; then
    log "secure Elasticsearch: reusing the healthy node at $SEC_URL"
  elif ! es_join_running 'secure Elasticsearch' "$SEC_DIR" "$SEC_URL" "$SEC_CA" "$(auth_config)"; then
    es_prepare
    sec_config
    sec_certs
    sec_user
    mkdir -p "$SEC_DIR"/{data,logs,tmp}
    es_setup_user "$SEC_DIR" "$ES_HOME"
    settings=(
      -Ediscovery.type=single-node
      -Enetwork.host=127.0.0.1
      -Ehttp.port="$SEC_PORT"
      -Etransport.port="$tport"
      -Expack.security.enabled=true
      -Expack.security.http.ssl.enabled=true
      -Expack.security.http.ssl.key=certs/http.key
      -Expack.security.http.ssl.certificate=certs/http.crt
      -Expack.security.http.ssl.certificate_authorities=certs/ca.crt
      # one node on loopback: nothing travels on the transport layer
      -Expack.security.transport.ssl.enabled=false
      -Ecluster.routing.allocation.disk.threshold_enabled=false
      -Esearch.allow_expensive_queries=false
      -Eaction.destructive_requires_name=true
    )
    NODE_PATH_CONF=$SEC_CONF es_run_node 'secure Elasticsearch' "$SEC_DIR" "$SEC_URL" "$SEC_CA" "$(auth_config)" "${settings[@]}"
  fi
  print_env
}

cmd_status () {
  local pid
  if pid=$(es_instance_pid "$SEC_DIR" 2> /dev/null); then
    echo "secure Elasticsearch: started by this script, pid $pid, $SEC_URL"
  else
    echo "secure Elasticsearch: not running"
  fi
  if stored_password > /dev/null && es_healthy "$SEC_URL" "$SEC_CA" "$(auth_config)"; then
    echo "secure Elasticsearch: $SEC_URL is healthy ($(es_health_status "$SEC_URL" "$SEC_CA" "$(auth_config)"))"
  fi
}

case ${1:-up} in
  up | start) cmd_up ;;
  stop) take_lock && es_stop_instance "$SEC_DIR" 'secure Elasticsearch' ;;
  status) cmd_status ;;
  -h | --help | help) sed -n '2,/^# shellcheck source-path/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2 ;;
  *) die "unknown command '$1' (up, stop, status)" ;;
esac
