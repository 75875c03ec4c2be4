# Sourced by the project's entry scripts: installs npm dependencies when missing or stale, then puts
# node_modules/.bin first on PATH so `node` is the project's Node 24 (the npm package `node`).
ensure_deps() {
  local root="$1"
  if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "installing npm dependencies (npm ci)…" >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  export PATH="$root/node_modules/.bin:$PATH"
}
