#!/usr/bin/env bash
# The whole test suite on a fresh clone: dependencies, a real Elasticsearch and Redis (started or reused),
# Prometheus and promtool (Debian's package, installed when missing), lint (eslint, knip), type check, then tap with
# its coverage gate (the OpenAPI lint is one of its tests). Extra arguments go to tap (e.g. a test file).
# test/cluster/ runs on a 3-node Elasticsearch cluster, a Redis Cluster and a Redis Sentinel group: started here in
# the background while lint and types run (once per run, reused by every file), stopped at the end unless they
# were running already (KEEP_CLUSTER=1 keeps them for the next run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/prepare.sh
source "$root/scripts/lib/prepare.sh"
prepare_environment "$root"
# shellcheck source=scripts/lib/common.sh
source "$root/scripts/lib/common.sh"
# shellcheck source=scripts/lib/prometheus.sh
source "$root/scripts/lib/prometheus.sh"
prometheus_ensure

cluster_wanted=no
if [ "$#" -eq 0 ]; then cluster_wanted=yes; else for arg in "$@"; do [[ $arg == *test/cluster* ]] && cluster_wanted=yes; done; fi
cluster_pid=''
if [ "$cluster_wanted" = yes ]; then
  mkdir -p "$root/.cache"
  cluster_was_up=no
  bash "$root/scripts/services.sh" status 2> /dev/null | grep -q 'Elasticsearch cluster: health' && cluster_was_up=yes
  # SIGCONT/restarts of a fault test's leftovers happen in services.sh itself; its lock serializes with the tests.
  (bash "$root/scripts/services.sh" --es-nodes 3 --redis cluster && bash "$root/scripts/services.sh" --es-nodes 3 --redis sentinel) \
    > "$root/.cache/cluster-services.out" 2> "$root/.cache/cluster-services.log" &
  cluster_pid=$!
  stop_cluster () {
    if [ "$cluster_was_up" = no ] && [ -z "${KEEP_CLUSTER:-}" ]; then
      bash "$root/scripts/services.sh" stop --es-nodes 3 --redis cluster > /dev/null 2>&1 || true
      bash "$root/scripts/services.sh" stop --redis sentinel > /dev/null 2>&1 || true
    fi
  }
  trap stop_cluster EXIT
fi

echo "lint (eslint, knip)…" >&2
eslint .
knip
echo "types (tsc --noEmit)…" >&2
tsc --noEmit -p .
tsc --noEmit -p ui
# The web page is served by the app the tests build, and test/ui drives it in Debian's Chromium.
node scripts/build-ui.ts
# shellcheck source=scripts/lib/chromium.sh
source "$root/scripts/lib/chromium.sh"
ensure_chromium
# tap compiles its plugin set (.taprc turns the ts-node plugin off) on the first run after an install, but that
# run itself still loads the old set: ts-node then maps coverage differently and the gate fails. Build it first.
tap build >/dev/null
if [ -n "$cluster_pid" ]; then
  echo "waiting for the cluster services (test/cluster)…" >&2
  wait "$cluster_pid" || { tail -n 40 "$root/.cache/cluster-services.log" >&2; echo "error: the cluster services did not start" >&2; exit 1; }
fi
echo "tests (tap, against $ES_URL and $REDIS_URL)…" >&2
tap "$@"
