#!/usr/bin/env bash
# npm run test:faults: the fault scenarios end to end (the built web app, worker processes,
# a Redis and a path to PostgreSQL the tests restart, the App Store Connect simulator), on a
# throwaway database; loopback only, each scenario bounded. Prints one line per scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
[ "${FAULTS_SKIP_BUILD:-0}" = 1 ] && [ -f .next/standalone/server.js ] || npm run --silent build
exec npx vitest run --project faults --reporter=verbose
