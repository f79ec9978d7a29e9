import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { createChannel, listChannels, openHook } from "@/lib/alerts/channels";
import { listDeliveries, replayDelivery, sendTestAlert } from "@/lib/alerts/queue";
import { createRule, deleteRule } from "@/lib/alerts/rules";
import { ZRuleInput } from "@/lib/alerts/rules";
import { nowDate } from "@/lib/clock";
import { alertQueue } from "@/lib/jobs/queues";
import { db } from "@/lib/db/client";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncReviews } from "@/lib/sync/reviews";
import { vaultKeks } from "@/lib/vault/keks";
import { rewrapAll } from "@/lib/vault/store";
import { AscSimulator } from "../asc-sim/server";
import { pinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { freePort, waitFor } from "./support/faults";
import { simConnection } from "./support/sim-connection";
import { smtpReceiver, type ReceivedMail } from "./support/smtp";
import { prepareSyncEnv, withSimulatorAndWorkers } from "./support/sync-env";

/*
 * Real receivers: an HTTP server standing for Slack and a generic webhook endpoint, and an
 * SMTP server. Hooks on 127.0.0.1 over http are allowed here by the operator's settings,
 * as a self-hoster would allow an internal hook.
 */
const port = await prepareSyncEnv("alerts");
const smtpPort = await freePort();
Object.assign(process.env, { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: "Alerts <alerts@example.test>", OUTBOUND_ALLOW_HTTP: "true", OUTBOUND_ALLOW_HOSTS: "127.0.0.1", ALERT_RETRY_DELAY_MS: "100" });

type Hit = { path: string; body: string; headers: http.IncomingHttpHeaders };
const hits: Hit[] = [];
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    hits.push({ path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
    // /flaky fails its first two requests.
    if (req.url === "/flaky" && hits.filter((h) => h.path === "/flaky").length <= 2) return res.writeHead(503).end("busy, try later");
    res.writeHead(200).end("ok");
  });
});
let mails: ReceivedMail[] = [];
let closeSmtp: () => Promise<void> = async () => undefined;

const sim = new AscSimulator({ seed: 19, sizes: { apps: 1, reviewsPerApp: 3, locales: 1 } });
withSimulatorAndWorkers(sim, port);

let hookBase = "";
beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const smtp = await smtpReceiver(smtpPort);
  mails = smtp.mails;
  closeSmtp = smtp.close;
  return async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    await closeSmtp();
  };
});

/** A review written now at the simulator, on the first app. */
function newReviewAtApple(rating: number, title: string) {
  const app = sim.state.apps[0];
  const list = sim.state.reviews.get(app.id)!;
  const review = { ...list[0], id: `${app.id}-alert-${hits.length}-${Math.random().toString(36).slice(2, 8)}`, rating, title, body: `${title}: the body`, createdDate: nowDate().toISOString() };
  list.unshift(review);
  sim.state.reviewById.set(review.id, review);
  return review;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("alerts of new reviews", () => {
  it("a new 1★ review gives exactly one Slack message, one signed webhook and one email; a second sync and a 4★ review give none", async () => {
    const conn = await simConnection(sim);
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    // The first import is the back catalogue: nothing alerts.
    await syncReviews(t, apps[0].id);

    const slack = await createChannel(ctx, { kind: "SLACK", name: "Support Slack", url: `${hookBase}/slack/T000/B000/secretpart` });
    const hook = await createChannel(ctx, { kind: "WEBHOOK", name: "Ops webhook", url: `${hookBase}/hook` });
    const mail = await createChannel(ctx, { kind: "EMAIL", name: "Support mail", emails: ["support@example.test"] });
    // The secret is shown once; the channel list shows the host, never the path or the secret.
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(slack.secret).toBeNull();
    const listed = JSON.stringify(await listChannels(ctx));
    expect(listed).not.toContain("secretpart");
    expect(listed).not.toContain(hook.secret!);
    expect((await listChannels(ctx)).channels.find((c) => c.name === "Support Slack")!.target).toBe(hookBase);

    await createRule(ctx, ZRuleInput.parse({ name: "One-star reviews", kind: "NEW_REVIEW", filters: { ratings: [1] }, channelIds: [slack.channel.id, hook.channel.id, mail.channel.id] }));

    const bad = newReviewAtApple(1, "Crashes on launch");
    newReviewAtApple(4, "Pretty good");
    await syncReviews(t, apps[0].id);
    await waitFor("the three deliveries", async () => hits.length >= 2 && mails.length >= 1, 10_000, 50);

    // The same review seen by a second sync alerts nothing more.
    await syncReviews(t, apps[0].id);
    await settle(1_500);
    expect(hits.map((h) => h.path).filter((p) => p === "/hook" || p.startsWith("/slack")).sort()).toEqual(["/hook", "/slack/T000/B000/secretpart"]);
    expect(mails).toHaveLength(1);

    const slackHit = hits.find((h) => h.path.startsWith("/slack"))!;
    const slackBody = JSON.parse(slackHit.body);
    expect(slackBody.text).toContain("Crashes on launch");
    expect(slackBody.text).toMatch(/^★☆☆☆☆ /);
    expect(JSON.stringify(slackBody.blocks)).toContain(`/o/`);

    // The webhook's signature verifies with the secret shown at creation, over "<timestamp>.<body>".
    const hookHit = hits.find((h) => h.path === "/hook")!;
    const timestamp = String(hookHit.headers["x-ascdash-timestamp"]);
    const expected = createHmac("sha256", hook.secret!).update(`${timestamp}.${hookHit.body}`).digest();
    const given = Buffer.from(String(hookHit.headers["x-ascdash-signature"]).replace(/^v1=/, ""), "hex");
    expect(given.length).toBe(expected.length);
    expect(timingSafeEqual(given, expected)).toBe(true);
    const payload = JSON.parse(hookHit.body);
    expect(payload).toMatchObject({ type: "alert", idempotencyKey: hookHit.headers["x-ascdash-delivery"], rule: { name: "One-star reviews", kind: "NEW_REVIEW" } });
    expect(payload.events).toHaveLength(1);
    expect(payload.events[0].data).toMatchObject({ rating: 1 });
    expect(payload.events[0].title).toContain("Crashes on launch");

    expect(mails[0].to).toEqual(["support@example.test"]);
    expect(mails[0].body).toContain("Crashes on launch");
    expect(mails[0].body).toMatch(/Message-ID: <[a-z0-9_]+@alerts\.ascdash>/i);

    // The delivery log: three sent, one attempt each, with the receivers' status codes.
    const deliveries = await db.alertDelivery.findMany({ where: { organizationId: conn.organizationId }, include: { log: true } });
    expect(deliveries.map((d) => [d.status, d.attempts, d.log.map((l) => l.statusCode)])).toEqual([
      ["SENT", 1, [expect.any(Number)]],
      ["SENT", 1, [expect.any(Number)]],
      ["SENT", 1, [expect.any(Number)]],
    ]);
    expect(await db.alertEvent.count({ where: { organizationId: conn.organizationId } })).toBe(1);
    expect((await db.alertEvent.findFirstOrThrow({ where: { organizationId: conn.organizationId } })).subjectKey).toContain("review:");
    expect(bad.id).toBeTruthy();
  }, 60_000);

  it("refuses a hook address inside the network unless the server allows it, when it is saved", async () => {
    const conn = await simConnection(sim);
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    for (const url of ["https://10.1.2.3/hook", "https://169.254.169.254/latest", "https://[::1]/hook", "https://127.0.0.2/hook"]) {
      await expect(createChannel(ctx, { kind: "WEBHOOK", name: `Inside ${url}`, url })).rejects.toMatchObject({ code: "validation", field: "url" });
    }
    expect(await db.alertChannel.count({ where: { organizationId: conn.organizationId } })).toBe(0);
  });

  it("keeps a hook's address sealed: a KEK rotation re-wraps it, and only the new key opens it afterwards", async () => {
    const conn = await simConnection(sim);
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    const { channel, secret } = await createChannel(ctx, { kind: "WEBHOOK", name: "Rotated", url: `${hookBase}/rotated` });
    const row = await db.alertChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(Buffer.from(row.ciphertext!).toString("latin1")).not.toContain("/rotated");
    const old = vaultKeks();
    const withNew = { keys: new Map([...old.keys, ["alerts2", randomBytes(32)]]), activeId: "alerts2" };
    const r = await rewrapAll({ keks: withNew });
    expect(r.failed).toEqual([]);
    expect(r.remaining).toBe(0);
    const onlyNew = { keys: new Map([["alerts2", withNew.keys.get("alerts2")!]]), activeId: "alerts2" };
    expect(await openHook(conn.organizationId, channel.id, onlyNew)).toEqual({ url: `${hookBase}/rotated`, secret });
    await expect(openHook(conn.organizationId, channel.id, old)).rejects.toThrow(/"alerts2" is not configured/);
    // The run's KEK back for the rest of the suite.
    await rewrapAll({ keks: { keys: withNew.keys, activeId: old.activeId } });
    expect((await openHook(conn.organizationId, channel.id)).url).toBe(`${hookBase}/rotated`);
  });

  it("an hourly digest gathers the hour's reviews, from several syncs, into one message sent when the hour ends", async () => {
    // Twenty minutes into an hour, whatever the wall clock says: every review falls in the same hour.
    pinClocks(sim, "2026-11-18T10:20:00Z");
    const conn = await simConnection(sim);
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    await syncReviews(t, apps[0].id);
    const hook = await createChannel(ctx, { kind: "WEBHOOK", name: "Digest hook", url: `${hookBase}/digest` });
    await createRule(ctx, ZRuleInput.parse({ name: "Hourly reviews", kind: "NEW_REVIEW", cadence: "HOURLY", channelIds: [hook.channel.id] }));

    newReviewAtApple(2, "Digest one");
    await syncReviews(t, apps[0].id);
    newReviewAtApple(5, "Digest two");
    newReviewAtApple(3, "Digest three");
    await syncReviews(t, apps[0].id);

    const [delivery, ...more] = await db.alertDelivery.findMany({ where: { organizationId: conn.organizationId } });
    expect(more).toEqual([]);
    expect(delivery.eventIds).toHaveLength(3);
    expect(delivery.dedupeKey).toMatch(/^digest:.+:\d{4}-\d{2}-\d{2}T\d{2}$/);
    // Due when the hour ends: nothing is sent before.
    expect(delivery.dueAt.toISOString()).toBe("2026-11-18T11:00:00.000Z");
    await settle(500);
    expect(hits.filter((h) => h.path === "/digest")).toEqual([]);

    // The hour ends (the delayed job is brought forward rather than waited for).
    const job = await alertQueue().getJob(`alert.${delivery.id}`);
    expect(await job!.getState()).toBe("delayed");
    await job!.promote();
    await waitFor("the digest", async () => hits.some((h) => h.path === "/digest"), 10_000, 50);
    await settle(500);
    const sent = hits.filter((h) => h.path === "/digest");
    expect(sent).toHaveLength(1);
    const payload = JSON.parse(sent[0].body);
    expect(payload.events.map((e: { title: string }) => e.title.replace(/^[★☆]+ /, "").replace(/ \(.*$/, "")).sort()).toEqual(["Digest one", "Digest three", "Digest two"]);
    expect(payload.rule).toMatchObject({ name: "Hourly reviews" });
  });

  it("sends a test, replays a delivery with a new idempotency key, and retries a failing hook, logging each status code", async () => {
    const conn = await simConnection(sim);
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    const flaky = await createChannel(ctx, { kind: "WEBHOOK", name: "Flaky", url: `${hookBase}/flaky` });
    const { deliveryId } = await sendTestAlert(ctx, flaky.channel.id);
    const sent = await waitFor("the test to get through", async () => {
      const d = await db.alertDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
      return d.status === "SENT" ? d : undefined;
    }, 15_000, 50);
    expect(sent.attempts).toBe(3);
    const log = (await listDeliveries(ctx, { channelId: flaky.channel.id })).deliveries[0];
    expect(log).toMatchObject({ id: deliveryId, kind: "test", status: "SENT", attempts: 3, lastStatusCode: 200 });
    expect(log.log.map((l) => l.statusCode)).toEqual([503, 503, 200]);
    expect(log.log[0].error).toBe("The hook answered 503: busy, try later");
    const tests = hits.filter((h) => h.path === "/flaky").map((h) => JSON.parse(h.body));
    expect(tests.map((t) => t.type)).toEqual(["test", "test", "test"]);
    // Every try of one delivery carries the same key; a replay is a new delivery with its own.
    expect(new Set(tests.map((t) => t.idempotencyKey))).toEqual(new Set([deliveryId]));
    const replay = await replayDelivery(ctx, deliveryId);
    await waitFor("the replay", async () => hits.filter((h) => h.path === "/flaky").length === 4, 10_000, 50);
    expect(JSON.parse(hits.filter((h) => h.path === "/flaky")[3].body).idempotencyKey).toBe(replay.deliveryId);
    // Another organisation's channel and delivery are not found.
    const other = await simConnection(sim);
    const otherCtx = await contextFor(other.organizationId, other.ownerId);
    await expect(sendTestAlert(otherCtx, flaky.channel.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(replayDelivery(otherCtx, deliveryId)).rejects.toMatchObject({ code: "not_found" });
    expect((await listDeliveries(otherCtx)).deliveries).toEqual([]);
  });

  it("sends on its own a review that comes after the hour's digest has gone, and gives up, unsent, alerts whose rule was deleted", async () => {
    pinClocks(sim, "2026-11-18T12:10:00Z");
    const conn = await simConnection(sim);
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    await syncReviews(t, apps[0].id);
    const late = await createChannel(ctx, { kind: "WEBHOOK", name: "Late hook", url: `${hookBase}/late` });
    await createRule(ctx, ZRuleInput.parse({ name: "Hourly", kind: "NEW_REVIEW", cadence: "HOURLY", channelIds: [late.channel.id] }));
    const atLate = () => hits.filter((h) => h.path === "/late").map((h) => JSON.parse(h.body));

    newReviewAtApple(2, "Before the digest");
    await syncReviews(t, apps[0].id);
    const digest = await db.alertDelivery.findFirstOrThrow({ where: { organizationId: conn.organizationId } });
    await (await alertQueue().getJob(`alert.${digest.id}`))!.promote();
    await waitFor("the digest", async () => atLate().length === 1, 10_000, 50);
    await waitFor("the digest recorded", async () => (await db.alertDelivery.findUniqueOrThrow({ where: { id: digest.id } })).status === "SENT", 5_000, 50);

    newReviewAtApple(1, "After the digest");
    await syncReviews(t, apps[0].id);
    await waitFor("the late review", async () => atLate().length === 2, 10_000, 50);
    expect(atLate().map((p) => p.events.map((e: { title: string }) => e.title.includes("After") ? "after" : "before"))).toEqual([["before"], ["after"]]);

    // Quiet until 14:00: the delivery waits; the rule is deleted meanwhile.
    const quiet = await createChannel(ctx, { kind: "WEBHOOK", name: "Quiet hook", url: `${hookBase}/quiet` });
    const rule = await createRule(ctx, ZRuleInput.parse({ name: "Quiet", kind: "NEW_REVIEW", quietHours: { from: "12:00", to: "14:00" }, channelIds: [quiet.channel.id] }));
    newReviewAtApple(3, "In the quiet hours");
    await syncReviews(t, apps[0].id);
    const waiting = await db.alertDelivery.findFirstOrThrow({ where: { channelId: quiet.channel.id } });
    expect(waiting.dueAt.toISOString()).toBe("2026-11-18T14:00:00.000Z");
    await deleteRule(ctx, rule.rule.id);
    await (await alertQueue().getJob(`alert.${waiting.id}`))!.promote();
    const given = await waitFor("the delivery given up", async () => {
      const d = await db.alertDelivery.findUniqueOrThrow({ where: { id: waiting.id } });
      return d.status === "FAILED" ? d : undefined;
    }, 10_000, 50);
    expect(given.lastError).toBe("Nothing to send: the alerts' rule was deleted.");
    expect(hits.filter((h) => h.path === "/quiet")).toEqual([]);
  });
});
