#!/usr/bin/env bash
# Every test tier in one command: typecheck, lint, unit, integration, end-to-end, faults.
# Uses throwaway databases and a Redis key prefix of its own, removed at the end.
set -uo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
run_id="$(date +%s)_$RANDOM"
pg_base="${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
export ASCDASH_TEST_RUN="$run_id"
export E2E_DATABASE_URL="$pg_base/ascdash_e2e_$run_id"
export E2E_REDIS_PREFIX="ascdash_e2e_$run_id"
export E2E_LOG_DIR="/tmp/ascdash-e2e-logs-$run_id"

status=0
logs="$(mktemp -d)"
step() {
  local name="$1"; shift
  echo
  echo "=== $name"
  if "$@" 2>&1 | tee "$logs/$name.log"; then echo "=== $name: ok"; else echo "=== $name: FAILED"; status=1; fi
}

# Adds up the runners' own summary lines (Vitest's "Tests" line, Playwright's totals).
count() {
  sed -r 's/\x1b\[[0-9;]*m//g' "$logs"/unit.log "$logs"/integration.log "$logs"/e2e.log "$logs"/faults.log 2>/dev/null | awk '
    /^ *Tests +/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    /^ +[0-9]+ passed \(/ { p += $1 }
    /^ +[0-9]+ (failed|flaky)$/ { f += $1 }
    END { printf "%d passed, %d failed\n", p, f }'
}

cleanup() {
  psql "$pg_base/postgres" -qAtc "SELECT 'DROP DATABASE IF EXISTS \"' || datname || '\" WITH (FORCE);' FROM pg_database WHERE datname LIKE 'ascdash_%_$run_id'" 2>/dev/null \
    | psql "$pg_base/postgres" -q >/dev/null 2>&1 || true
  redis-cli -u "$REDIS_URL" --scan --pattern "ascdash_*_$run_id*" 2>/dev/null | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
}
trap 'cleanup; rm -rf "$logs" "$E2E_LOG_DIR"' EXIT

step typecheck npm run --silent typecheck
step lint npm run --silent lint
step unit npx vitest run --project unit
step integration npx vitest run --project integration
step build npm run --silent build
step e2e npx playwright test
step faults npx vitest run --project faults --reporter=verbose

echo
if [ "$status" -eq 0 ]; then echo "All test tiers passed."; else
  echo "Some test tiers FAILED. The failures, as the runners named them:"
  # Repeated here because a long log is often read from its end.
  sed -r 's/\x1b\[[0-9;]*m//g' "$logs"/*.log 2>/dev/null | grep -E '^ *(FAIL|×|✘) |^ +[0-9]+\) \[' | sort -u | head -40 || true
fi
echo "tests: $(count)"
exit "$status"
