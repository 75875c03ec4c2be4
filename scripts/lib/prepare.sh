# shellcheck shell=bash
# Sourced by the project's entry scripts (demo, test, bench).

# Installs npm dependencies when missing or stale, then puts node_modules/.bin first on PATH so `node` is the
# project's Node 24 (the npm package `node`).
ensure_deps() {
  local root="$1"
  if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "installing npm dependencies (npm ci)…" >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  export PATH="$root/node_modules/.bin:$PATH"
}

# Dependencies, then the local Elasticsearch and Redis (started or reused); exports ES_URL and REDIS_URL.
prepare_environment() {
  local root="$1"
  cd "$root" || return 1
  ensure_deps "$root"
  local services
  services="$(bash "$root/scripts/services.sh")"
  eval "$services"
  export ES_URL REDIS_URL
}
