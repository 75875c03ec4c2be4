#!/usr/bin/env bash
# The whole test suite on a fresh clone: dependencies, a real Elasticsearch and Redis (started or reused),
# lint, type check, then tap with its coverage gate. Extra arguments go to tap (e.g. a test file).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/prepare.sh
source "$root/scripts/lib/prepare.sh"
prepare_environment "$root"

echo "lint (eslint)…" >&2
eslint .
echo "types (tsc --noEmit)…" >&2
tsc --noEmit -p .
echo "tests (tap, against $ES_URL and $REDIS_URL)…" >&2
tap "$@"
