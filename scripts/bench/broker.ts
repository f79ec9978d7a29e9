import { mkdirSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { createConnection } from "@/lib/connections/mutations";
import { env } from "@/lib/env";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { machine, median, runBench, waitForServer, ownerContext } from "./support";

/**
 * Token broker throughput and latency next to a trivial authenticated route (GET
 * /api/v1/me) and /api/health, with 32 concurrent clients, in interleaved runs of the
 * same duration; medians of the runs. Writes bench-results/broker.json.
 */
const CONNECTIONS = 32;
const DURATION = 8;
const RUNS = 3;

type Load = Awaited<ReturnType<typeof load>>;

async function load(title: string, opts: autocannon.Options) {
  const r = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const summary = {
    title,
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
  process.stdout.write(`${title}: ${summary.requestsPerSecond} req/s, p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, non-2xx ${summary.non2xx}, errors ${summary.errors}\n`);
  return summary;
}

async function main() {
  const base = env.NEXTAUTH_URL;
  await waitForServer(`${base}/api/health`);
  const owner = await makeUser();
  const org = await makeOrg(owner, "Bench");
  const ctx = await ownerContext(owner, org.id);
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const conn = await createConnection(ctx, { name: "Bench", issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey });
  const token = await createApiToken(ctx, { name: "bench", role: "EDITOR" });

  const post = { method: "POST" as const, headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" }, body: "{}" };
  const me = { headers: { authorization: `Bearer ${token.token}` } };
  await load("warm-up", { url: `${base}/api/v1/connections/${conn.id}/token`, ...post, duration: 2 });
  const runs: { health: Load; trivial: Load; broker: Load }[] = [];
  // Interleaved runs, so a slower moment of the machine touches every route alike.
  for (let i = 0; i < RUNS; i++) {
    runs.push({
      health: await load(`run ${i + 1} GET /api/health`, { url: `${base}/api/health` }),
      trivial: await load(`run ${i + 1} GET /api/v1/me`, { url: `${base}/api/v1/me`, ...me }),
      broker: await load(`run ${i + 1} POST /api/v1/connections/{id}/token`, { url: `${base}/api/v1/connections/${conn.id}/token`, ...post }),
    });
  }
  const med = (pick: (r: (typeof runs)[number]) => Load) => ({
    requestsPerSecond: median(runs.map((r) => pick(r).requestsPerSecond)),
    latencyMs: { p50: median(runs.map((r) => pick(r).latencyMs.p50)), p99: median(runs.map((r) => pick(r).latencyMs.p99)) },
    errors: runs.reduce((a, r) => a + pick(r).errors + pick(r).non2xx, 0),
  });
  const health = med((r) => r.health);
  const trivial = med((r) => r.trivial);
  const broker = med((r) => r.broker);

  const out = {
    date: new Date().toISOString(),
    machine: machine(),
    setup: { connections: CONNECTIONS, durationSeconds: DURATION, runs: RUNS, figures: "medians of the runs", server: "next standalone, NODE_ENV=production, LOG_LEVEL=warn, same machine as the load generator" },
    health,
    trivialAuthenticated: { route: "GET /api/v1/me (API token checked against the database)", ...trivial },
    broker,
    brokerToTrivialThroughput: Number((broker.requestsPerSecond / trivial.requestsPerSecond).toFixed(2)),
    brokerToHealthThroughput: Number((broker.requestsPerSecond / health.requestsPerSecond).toFixed(2)),
    runs,
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/broker.json", JSON.stringify(out, null, 2) + "\n");
  process.stdout.write(`wrote bench-results/broker.json (broker/trivial authenticated route throughput ratio ${out.brokerToTrivialThroughput}, broker/health ${out.brokerToHealthThroughput})\n`);
}

runBench(main);
