# shellcheck shell=bash
# Which -E settings a node gets beyond the fixed ones, and the check that the running node took them.

# Settings that exist only when their module is in the distribution; ES refuses to start on an unknown one.
ES_OPTIONAL_SETTINGS=(xpack.ml.enabled=false ingest.geoip.downloader.enabled=false)

# Which optional settings this distribution knows, found by their names in its jars; cached per version.
es_supported_optional_settings () {
  local cache=$ES_CACHE/optional-settings-$ES_VERSION setting jar found
  if [ ! -f "$cache" ]; then
    if ! command -v unzip > /dev/null; then
      warn "unzip is missing: cannot check optional settings, so none of ${ES_OPTIONAL_SETTINGS[*]} is passed"
      return 0
    fi
    : > "$cache.tmp"
    for setting in "${ES_OPTIONAL_SETTINGS[@]}"; do
      found=no
      for jar in "$ES_HOME"/lib/*.jar "$ES_HOME"/modules/*/*.jar; do
        # `|| true` because grep -q stops reading early and pipefail would report unzip's SIGPIPE
        if { unzip -p "$jar" 2> /dev/null || true; } | grep -aqF "${setting%%=*}"; then found=yes && break; fi
      done
      [ "$found" = yes ] && printf '%s\n' "$setting" >> "$cache.tmp"
    done
    mv "$cache.tmp" "$cache"
  fi
  cat "$cache"
}

# A name found in a jar may still not be registered: drop it from the cache when ES rejected it.
es_drop_rejected_setting () {
  local cache=$ES_CACHE/optional-settings-$ES_VERSION name
  name=$(sed -n 's/.*unknown setting \[\([^]]*\)\].*/\1/p' "$1/start.out" 2> /dev/null | head -n 1)
  [ -n "$name" ] && grep -q "^$name=" "$cache" 2> /dev/null || return 1
  warn "this Elasticsearch does not know $name: starting without it"
  grep -v "^$name=" "$cache" > "$cache.tmp" || true
  mv "$cache.tmp" "$cache"
}

# Fails when the running node reports a -E setting with another value than we passed. A setting it does not
# report is a filtered one (TLS file paths): ES refuses unknown settings at boot, so it was accepted.
es_verify_settings () {
  local url=$1 ca=$2 cfg=$3 json
  shift 3
  json=$(es_get "$url" '/_nodes/_local/settings?flat_settings=true&filter_path=nodes.*.settings' "$ca" "$cfg") ||
    die "could not read the node's settings from $url"
  node -e '
    const settings = Object.values(JSON.parse(process.argv[1]).nodes)[0].settings
    const bad = process.argv.slice(2).filter(kv => {
      const i = kv.indexOf("=")
      const v = settings[kv.slice(2, i)]
      return v !== undefined && String(Array.isArray(v) ? v.join(",") : v) !== kv.slice(i + 1)
    })
    if (bad.length > 0) { console.error("settings not in effect: " + bad.join(" ")); process.exit(1) }
  ' "$json" "$@" || die "the node at $url does not run with the settings it was given"
}
