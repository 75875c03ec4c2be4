#!/usr/bin/env bash
# The service on a fresh clone in one command: dependencies, a local Elasticsearch and Redis (started or reused),
# the index, demo data when the index is empty, then the API with a printed demo token. Ctrl-C stops the API;
# `npm run services -- stop` stops the local Elasticsearch.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/prepare.sh
source "$root/scripts/lib/prepare.sh"
prepare_environment "$root"

# A development secret kept across runs, so printed tokens stay valid after a restart. Never used in production.
mkdir -p .cache
if [ -z "${JWT_SECRET:-}" ]; then
  [ -s .cache/dev-jwt-secret ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64url'))" > .cache/dev-jwt-secret
  JWT_SECRET="$(cat .cache/dev-jwt-secret)"
  export JWT_SECRET
fi
# The web page the server offers at / (built again each start: a second or two, and never stale).
node scripts/build-ui.ts
exec node --import ./src/telemetry/register.ts scripts/demo-server.ts
