#!/usr/bin/env bash
# npm run bench: the token broker against the built app, a full App Store Connect read
# against the simulator, the metadata editor with 40 locales in Chromium, 400 screenshots
# uploaded to 40 locales by a worker, a year of analytics for 20 apps, 10,000 alerts
# through a worker to a signed webhook, the reviews inbox with a million reviews, and the
# ingestion of a million-row sales report next to a bare COPY, on a throwaway database, on
# this machine.
# Figures go to bench-results/; nothing here is a pass/fail test. BENCH_ONLY (see below)
# runs some of them.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] && [ -f .next/standalone/server.js ] || npm run --silent build
run="$(date +%s)_$RANDOM"
pg_base="${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432}"
export DATABASE_URL="$pg_base/ascdash_bench_$run"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
export REDIS_PREFIX="ascdash_bench_$run"
export NEXTAUTH_URL="http://127.0.0.1:3300" NEXTAUTH_SECRET="$(openssl rand -hex 24)"
export VAULT_KEKS="b1:$(openssl rand -base64 32)" VAULT_ACTIVE_KEK=b1
export LOG_LEVEL=warn NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null || true
  # BENCH_KEEP_DB=1 leaves the database for a closer look at the figures (its name is printed).
  if [ "${BENCH_KEEP_DB:-0}" = 1 ]; then echo "kept database ascdash_bench_$run"; else
    psql "$pg_base/postgres" -qc "DROP DATABASE IF EXISTS \"ascdash_bench_$run\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  redis-cli -u "$REDIS_URL" --scan --pattern "$REDIS_PREFIX*" | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
}
trap cleanup EXIT
node --import tsx scripts/db-create.ts >/dev/null
node ./node_modules/prisma/build/index.js migrate deploy >/dev/null
# The web app's App Store Connect is a simulator, for the load test's replies.
export ASC_API_BASE_URL="http://127.0.0.1:3301"
node --import tsx tests/asc-sim/main.ts --port 3301 --budget 1000000 >/dev/null 2>&1 &
sim=$!
PORT=3300 HOSTNAME=127.0.0.1 node --import ./scripts/client-address.mjs .next/standalone/server.js >/dev/null 2>&1 &
server=$!
# BENCH_ONLY=broker,load runs only the benchmarks named (file names without .ts).
bench() {
  local name="$1"; shift
  [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",$name,"* ]] || return 0
  node "$@" --import tsx "scripts/bench/$name.ts"
}
bench broker
bench asc-read
bench sync
bench metadata-grid
bench media-upload
bench analytics
bench alerts
bench reviews-inbox
bench load
bench sales-ingest --expose-gc
node --import tsx scripts/bench/summary.ts
