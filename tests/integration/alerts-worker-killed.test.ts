import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createChannel } from "@/lib/alerts/channels";
import { createRule, ZRuleInput } from "@/lib/alerts/rules";
import { nowDate } from "@/lib/clock";
import { db, getDb } from "@/lib/db/client";
import { alertQueue, closeQueues } from "@/lib/jobs/queues";
import { getRedis } from "@/lib/redis";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncReviews } from "@/lib/sync/reviews";
import { AscSimulator } from "../asc-sim/server";
import { contextFor } from "./support/context";
import { freePort, waitFor } from "./support/faults";
import { simConnection } from "./support/sim-connection";
import { prepareSyncEnv } from "./support/sync-env";

/*
 * A worker process is killed (SIGKILL) while a new 1★ review's three messages are on their
 * way: the Slack hook, the signed webhook and the mail server have each received theirs but
 * not answered. A second worker takes the stalled jobs over. Each receiver ends with exactly
 * one message: the webhook and the mail may be sent again, with the same idempotency key and
 * Message-ID, which is how a receiver drops the repeat; the Slack message, which Slack cannot
 * de-duplicate, is not sent again and its delivery says it may have arrived.
 */
const port = await prepareSyncEnv("alertkill");
const smtpPort = await freePort();
Object.assign(process.env, {
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  SMTP_FROM: "Alerts <alerts@example.test>",
  OUTBOUND_ALLOW_HTTP: "true",
  OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
  ALERT_RETRY_DELAY_MS: "100",
  // A killed worker's job is taken over once its lock lapses.
  JOB_LOCK_MS: "1500",
});

let answering = false;
type Hit = { path: string; body: string; headers: http.IncomingHttpHeaders };
const hits: Hit[] = [];
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    hits.push({ path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
    // Until the worker is killed, requests are taken in and never answered.
    if (answering) res.writeHead(200).end("ok");
  });
});

/** A mail server that keeps each message when its data ends, and until the kill does not confirm it: the worst moment to lose a sender. */
const mails: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, _session, done) {
    let body = "";
    stream.on("data", (c) => (body += c));
    stream.on("end", () => {
      mails.push(body);
      if (answering) done();
    });
  },
});

const sim = new AscSimulator({ seed: 1919, sizes: { apps: 1, reviewsPerApp: 3, locales: 1 } });
let hookBase = "";
const workers: ChildProcess[] = [];
let output = "";

function startWorker() {
  const p = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
  p.stdout!.on("data", (d) => (output += d));
  p.stderr!.on("data", (d) => (output += d));
  workers.push(p);
  return p;
}

beforeAll(async () => {
  await sim.listen(port);
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await new Promise<void>((r) => smtp.listen(smtpPort, "127.0.0.1", r));
  await alertQueue().obliterate({ force: true });
}, 30_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
  await new Promise<void>((r) => smtp.close(() => r()));
  await closeQueues();
  await sim.close();
  await getRedis().quit();
  await getDb().$disconnect();
});

const messageIdOf = (mail: string) => /^Message-ID: *(<[^>]+>)/im.exec(mail)?.[1];

it("a worker killed mid-delivery still gives each receiver exactly one message", async () => {
  const conn = await simConnection(sim);
  const ctx = await contextFor(conn.organizationId, conn.ownerId);
  const t = await syncTarget(conn.organizationId, conn.id);
  const { apps } = await syncApps(t);
  await syncReviews(t, apps[0].id);

  const slack = await createChannel(ctx, { kind: "SLACK", name: "Kill Slack", url: `${hookBase}/slack/T1/B1/secret` });
  const hook = await createChannel(ctx, { kind: "WEBHOOK", name: "Kill webhook", url: `${hookBase}/hook` });
  const mail = await createChannel(ctx, { kind: "EMAIL", name: "Kill mail", emails: ["oncall@example.test"] });
  await createRule(ctx, ZRuleInput.parse({ name: "Kill one-star", kind: "NEW_REVIEW", filters: { ratings: [1] }, channelIds: [slack.channel.id, hook.channel.id, mail.channel.id] }));

  const first = startWorker();
  await waitFor("the first worker", async () => output.includes("worker started"), 30_000);

  const app = sim.state.apps[0];
  const list = sim.state.reviews.get(app.id)!;
  const review = { ...list[0], id: `${app.id}-killed-worker`, rating: 1, title: "Lost my data", body: "Everything is gone", createdDate: nowDate().toISOString() };
  list.unshift(review);
  sim.state.reviewById.set(review.id, review);
  await syncReviews(t, apps[0].id);

  // All three are on their way: each receiver holds its message, unanswered.
  await waitFor("all three messages in flight", async () => hits.length >= 2 && mails.length >= 1, 20_000, 50);
  const exited = new Promise((r) => first.once("exit", r));
  first.kill("SIGKILL");
  await exited;
  answering = true;
  receiver.closeAllConnections();

  startWorker();
  const deliveries = await waitFor(
    "every delivery to settle",
    async () => {
      const rows = await db.alertDelivery.findMany({ where: { organizationId: conn.organizationId }, include: { channel: { select: { kind: true } }, log: true } });
      return rows.length === 3 && rows.every((d) => d.status !== "PENDING") ? rows : undefined;
    },
    30_000,
    200,
  );

  // Slack: one message, not sent again; the log says it may have arrived.
  expect(hits.filter((h) => h.path.startsWith("/slack"))).toHaveLength(1);
  const slackDelivery = deliveries.find((d) => d.channel.kind === "SLACK")!;
  expect(slackDelivery.status).toBe("UNCONFIRMED");
  expect(slackDelivery.lastError).toMatch(/may have arrived/);

  // Webhook: every request is signed with the shown secret and carries the same idempotency key.
  // Sent twice: once before the kill, once by the second worker, which says so in the log.
  const hookHits = hits.filter((h) => h.path === "/hook");
  expect(hookHits).toHaveLength(2);
  for (const h of hookHits) {
    const expected = createHmac("sha256", hook.secret!).update(`${h.headers["x-ascdash-timestamp"]}.${h.body}`).digest();
    expect(timingSafeEqual(Buffer.from(String(h.headers["x-ascdash-signature"]).slice(3), "hex"), expected)).toBe(true);
    expect(JSON.parse(h.body).events.map((e: { title: string }) => e.title).join()).toContain("Lost my data");
  }
  const hookDelivery = deliveries.find((d) => d.channel.kind === "WEBHOOK")!;
  expect(new Set(hookHits.map((h) => h.headers["idempotency-key"]))).toEqual(new Set([hookDelivery.id]));
  expect(hookDelivery.status).toBe("SENT");
  expect(hookDelivery.log.map((l) => l.error)).toEqual([expect.stringMatching(/Sent again after the worker stopped mid-send/)]);

  // Mail: one Message-ID, however many times the server was handed it.
  expect(mails).toHaveLength(2);
  expect(new Set(mails.map(messageIdOf))).toEqual(new Set([`<${deliveries.find((d) => d.channel.kind === "EMAIL")!.id}@alerts.ascdash>`]));
  expect(deliveries.find((d) => d.channel.kind === "EMAIL")!.status).toBe("SENT");

  // One alert, however the deliveries went.
  expect(await db.alertEvent.count({ where: { organizationId: conn.organizationId } })).toBe(1);
}, 90_000);
