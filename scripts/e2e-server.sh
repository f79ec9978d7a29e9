#!/usr/bin/env bash
# Started by Playwright: a fresh database, the built web server, the worker, and the App
# Store Connect simulator when E2E_SIM_PORT is given.
# Usage: e2e-server.sh <port> [extra env assignments...]
set -euo pipefail
cd "$(dirname "$0")/.."
port="$1"; shift
for kv in "$@"; do export "$kv"; done
export PORT="$port" HOSTNAME=127.0.0.1 NEXTAUTH_URL="http://127.0.0.1:$port"
# Idle keep-alive sockets outlive the specs' pauses between requests (Node closes them after
# 5 s by default, and a request sent on a socket as it closes fails with ECONNRESET).
export KEEP_ALIVE_TIMEOUT=65000
# Every API answer is checked against its operation's declared schema; a mismatch answers 500.
export RESPONSE_CHECKS=1
# Thumbnails load from the simulator's image host, which the page policy must allow.
if [ -n "${E2E_SIM_PORT:-}" ]; then export ASC_IMAGE_ORIGINS="http://127.0.0.1:$E2E_SIM_PORT"; fi
# The standalone server changes to its own folder, so a relative staging folder would not be the worker's.
export MEDIA_STAGING_DIR="${MEDIA_STAGING_DIR:-$PWD/data/media-staging}"
if [ "${E2E_PRIMARY:-0}" = 1 ]; then
  node --import tsx scripts/db-create.ts
  node ./node_modules/prisma/build/index.js migrate deploy >/dev/null
fi
logs="${E2E_LOG_DIR:-/tmp}"
mkdir -p "$logs"
pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
if [ -n "${E2E_SIM_PORT:-}" ]; then
  node --import tsx tests/asc-sim/main.ts --port "$E2E_SIM_PORT" > >(tee -a "$logs/sim-$E2E_SIM_PORT.log") 2>&1 & pids+=($!)
  # The web server answers health checks at once; specs must not reach the simulator before it listens.
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$E2E_SIM_PORT/__sim/stats" >/dev/null && break; sleep 0.2; done
fi
node --import ./scripts/client-address.mjs .next/standalone/server.js > >(tee -a "$logs/web-$port.log") 2>&1 & pids+=($!)
if [ "${E2E_WORKER:-0}" = 1 ]; then node --import tsx workers/index.ts > >(tee -a "$logs/worker.log") 2>&1 & pids+=($!); fi
wait -n "${pids[@]}"
