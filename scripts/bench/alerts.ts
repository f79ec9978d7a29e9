import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createChannel } from "@/lib/alerts/channels";
import { queueDeliveries } from "@/lib/alerts/queue";
import { raiseReviewAlerts, type NewReview } from "@/lib/alerts/raise";
import { createRule, ZRuleInput } from "@/lib/alerts/rules";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { closeQueues } from "@/lib/jobs/queues";
import { makeConnection } from "@/lib/seed/connections";
import { makeSyncedApp } from "@/lib/seed/apps";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { machine, ownerContext, pct, peakRssMiB, runBench, startWorker, stopWorker } from "./support";

/**
 * 10,000 review alerts through one worker process to a signed webhook: a local receiver
 * counts them by idempotency key and notes when each arrived. The alerts are raised as a
 * reviews sync raises them (100 reviews a transaction), 50 a second by default (18 times
 * the rate of 10,000 an hour; BENCH_ALERTS_RATE=0 raises them all at once, to see the
 * worker's capacity). Latency is from the raising transaction's commit to the receiver.
 * Writes bench-results/alerts.json.
 */
const ALERTS = Number(process.env.BENCH_ALERTS ?? 10_000);
/** Alerts raised per second: 50 is 18 times the rate of 10,000 an hour; 0 raises them all at once (the worker's capacity). */
const RATE = Number(process.env.BENCH_ALERTS_RATE ?? 50);
const PER_SYNC_PAGE = 100;

async function main() {
  // The receiver is on 127.0.0.1, as a self-hoster's internal hook would be.
  Object.assign(process.env, { OUTBOUND_ALLOW_HTTP: "true", OUTBOUND_ALLOW_HOSTS: "127.0.0.1" });
  const arrived = new Map<string, number[]>();
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"]);
      (arrived.get(key) ?? arrived.set(key, []).get(key)!).push(performance.now());
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const worker = startWorker();
  try {
    const owner = await makeUser();
    const org = await makeOrg(owner, "Alerts bench");
    const ctx = await ownerContext(owner, org.id);
    const conn = await makeConnection(org.id, owner.id, { name: "Alerts bench" });
    const app = await makeSyncedApp({ organizationId: org.id, connectionId: conn.id }, { appleId: "9001", name: "Bench app", bundleId: "com.example.bench", sku: "BENCH" });
    const channel = await createChannel(ctx, { kind: "WEBHOOK", name: "Bench hook", url: hook });
    await createRule(ctx, ZRuleInput.parse({ name: "Every review", kind: "NEW_REVIEW", channelIds: [channel.channel.id] }));

    const raisedAt = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < ALERTS; i += PER_SYNC_PAGE) {
      if (RATE > 0) {
        const wait = started + (i / RATE) * 1000 - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const reviews: NewReview[] = Array.from({ length: Math.min(PER_SYNC_PAGE, ALERTS - i) }, (_, j) => ({
        id: `bench-review-${i + j}`, appId: app.id, rating: 1 + ((i + j) % 5), title: `Review ${i + j}`, body: "Bench body", territory: "USA", reviewerNickname: "bench", createdDate: nowDate(),
      }));
      const due = await db.$transaction((tx) => raiseReviewAlerts(tx, { organizationId: org.id, connectionId: conn.id, appName: app.name }, reviews));
      const at = performance.now();
      for (const d of due) raisedAt.set(d.id, at);
      await queueDeliveries(due);
    }
    const raisedSeconds = (performance.now() - started) / 1000;
    const deadline = Date.now() + 30 * 60_000;
    while (arrived.size < ALERTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const seconds = (performance.now() - started) / 1000;
    const requests = [...arrived.values()].reduce((a, b) => a + b.length, 0);
    const latencies = [...raisedAt].map(([id, at]) => (arrived.get(id)?.[0] ?? NaN) - at).filter(Number.isFinite);
    const sent = await db.alertDelivery.count({ where: { organizationId: org.id, status: "SENT" } });
    const out = {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      setup: { alerts: ALERTS, raisedPerSecond: RATE || "all at once", reviewsPerTransaction: PER_SYNC_PAGE, worker: "one worker process (npm run worker), alerts queue concurrency 8", channel: "one generic webhook (signed), a local HTTP receiver" },
      raisedSeconds: Number(raisedSeconds.toFixed(1)),
      seconds: Number(seconds.toFixed(1)),
      alertsPerSecond: Math.round(arrived.size / seconds),
      delivered: arrived.size,
      requests,
      duplicates: requests - arrived.size,
      deliveriesSent: sent,
      latencyMs: { p50: Math.round(pct(latencies, 50)), p95: Math.round(pct(latencies, 95)), max: Math.round(Math.max(...latencies)) },
      workerPeakRssMiB: peakRssMiB(worker.pid!),
    };
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/alerts.json", JSON.stringify(out, null, 2) + "\n");
    process.stdout.write(
      `alerts: ${out.delivered}/${ALERTS} delivered in ${out.seconds} s (${out.alertsPerSecond}/s), ${out.duplicates} duplicates, latency p50 ${out.latencyMs.p50} ms, p95 ${out.latencyMs.p95} ms; worker peak RSS ${out.workerPeakRssMiB} MiB\nwrote bench-results/alerts.json\n`,
    );
    if (out.delivered < ALERTS || out.duplicates > 0) throw new Error(`delivered ${out.delivered} of ${ALERTS} with ${out.duplicates} duplicates`);
  } finally {
    await stopWorker(worker);
    await closeQueues();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  }
}

runBench(main);
