#!/usr/bin/env bash
# The benchmarks (bench/README.md): dependencies, the local Elasticsearch and Redis (started or reused), then
# bench/run.ts with the arguments, e.g. `scripts/bench.sh --docs 10k,100k,1m --runs 1` or `scripts/bench.sh --quick`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/prepare.sh
source "$root/scripts/lib/prepare.sh"
# --help needs the dependencies (Node 24), not Elasticsearch and Redis.
for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then ensure_deps "$root"; cd "$root"; exec node bench/run.ts --help; fi
done
prepare_environment "$root"

exec node bench/run.ts "$@"
