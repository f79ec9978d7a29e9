import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";
import { E2E_CLOCK } from "./tests/e2e/support/clock";
import { E2E_NOSIGNUP_PORT, E2E_PORT, E2E_SIM_PORT } from "./tests/e2e/support/ports";

// One vault key per run, shared by both servers and by specs that call the CLI.
process.env.E2E_VAULT_KEKS ??= `e2e1:${randomBytes(32).toString("base64")}`;

// A run gets its own database and Redis prefix; scripts/test-all.sh passes them, a bare
// `npx playwright test` makes them up (the config is evaluated first in the main process,
// and workers inherit its environment).
process.env.E2E_RUN ??= `${Date.now().toString(36)}_${randomBytes(2).toString("hex")}`;
process.env.E2E_DATABASE_URL ??= `postgresql://postgres@127.0.0.1:5432/ascdash_e2e_${process.env.E2E_RUN}`;
process.env.E2E_REDIS_PREFIX ??= `ascdash_e2e_${process.env.E2E_RUN}`;
// Every process of the run (servers, worker, simulator, specs) reads the same pinned clock.
process.env.CLOCK_OFFSET_MS ??= String(Date.parse(process.env.E2E_CLOCK ?? E2E_CLOCK) - Date.now());
// Server output goes here as well, so specs can check that no secret reached a log line.
process.env.E2E_LOG_DIR ??= `/tmp/ascdash-e2e-logs-${process.env.E2E_RUN}`;

const common = [
  `DATABASE_URL=${process.env.E2E_DATABASE_URL}`,
  `REDIS_URL=${process.env.REDIS_URL ?? "redis://127.0.0.1:6379"}`,
  `REDIS_PREFIX=${process.env.E2E_REDIS_PREFIX}`,
  `NEXTAUTH_SECRET=${randomBytes(24).toString("hex")}`,
  "NODE_ENV=production",
  "INVITATION_TTL_HOURS=72",
  // Every spec signs up from 127.0.0.1; the per-client sign-up limit is tested at the integration tier.
  "SIGNUP_LIMIT_PER_HOUR=100000",
  `VAULT_KEKS=${process.env.E2E_VAULT_KEKS}`,
  "VAULT_ACTIVE_KEK=e2e1",
  "LOG_LEVEL=info",
  `E2E_LOG_DIR=${process.env.E2E_LOG_DIR}`,
  `CLOCK_OFFSET_MS=${process.env.CLOCK_OFFSET_MS}`,
].join(" ");

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // The primary server, its worker and the specs share one App Store Connect simulator.
      command: `bash scripts/e2e-server.sh ${E2E_PORT} E2E_PRIMARY=1 E2E_WORKER=1 E2E_SIM_PORT=${E2E_SIM_PORT} ASC_API_BASE_URL=http://127.0.0.1:${E2E_SIM_PORT} ${common} SIGNUP_ENABLED=true`,
      url: `http://127.0.0.1:${E2E_PORT}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // Nothing listens on port 9: this server never needs App Store Connect.
      command: `bash scripts/e2e-server.sh ${E2E_NOSIGNUP_PORT} ${common} ASC_API_BASE_URL=http://127.0.0.1:9 SIGNUP_ENABLED=false`,
      url: `http://127.0.0.1:${E2E_NOSIGNUP_PORT}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
    },
  ],
});
