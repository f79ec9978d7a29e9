import { mkdirSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { createConnection } from "@/lib/connections/mutations";
import { env } from "@/lib/env";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { machine, runBench, waitForServer } from "./support";

/**
 * Token broker throughput and latency against /api/health, measured in one run with the
 * same concurrency and duration. Writes bench-results/broker.json.
 */
const CONNECTIONS = 20;
const DURATION = 10;

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
  const ctx = { orgId: org.id, org, user: { ...owner, name: "bench", sessionId: "" }, membership: { id: "bench", role: "OWNER" as const, restrictConnections: false }, client: { ip: "127.0.0.1" } };
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const conn = await createConnection(ctx, { name: "Bench", issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey });
  const token = await createApiToken(ctx, { name: "bench", role: "EDITOR" });

  const post = { method: "POST" as const, headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" }, body: "{}" };
  await load("warm-up", { url: `${base}/api/v1/connections/${conn.id}/token`, ...post, duration: 2 });
  const health = await load("GET /api/health", { url: `${base}/api/health` });
  const broker = await load("POST /api/v1/connections/{id}/token", { url: `${base}/api/v1/connections/${conn.id}/token`, ...post });

  const out = {
    date: new Date().toISOString(),
    machine: machine(),
    setup: { connections: CONNECTIONS, durationSeconds: DURATION, server: "next standalone, NODE_ENV=production, LOG_LEVEL=warn, same machine as the load generator" },
    health,
    broker,
    brokerToHealthThroughput: Number((broker.requestsPerSecond / health.requestsPerSecond).toFixed(2)),
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/broker.json", JSON.stringify(out, null, 2) + "\n");
  process.stdout.write(`wrote bench-results/broker.json (broker/health throughput ratio ${out.brokerToHealthThroughput})\n`);
}

runBench(main);
