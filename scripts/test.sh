#!/usr/bin/env bash
# The whole test suite on a fresh clone: dependencies, a real Elasticsearch and Redis (started or reused),
# Prometheus and promtool (Debian's package, installed when missing), lint (eslint, knip), type check, then tap with
# its coverage gate (the OpenAPI lint is one of its tests). Extra arguments go to tap (e.g. a test file).
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
echo "tests (tap, against $ES_URL and $REDIS_URL)…" >&2
tap "$@"
