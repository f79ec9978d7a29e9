import http from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "@/lib/alerts/channels";
import { checkKeyAges, dailyKeyAgeCheck } from "@/lib/alerts/key-age";
import { queueDeliveries } from "@/lib/alerts/queue";
import { raiseChangeSetAlerts } from "@/lib/alerts/raise";
import { createRule, listRules, updateRule, ZRuleInput, ZRuleUpdate, type TRuleInput } from "@/lib/alerts/rules";
import { nowDate } from "@/lib/clock";
import { updateConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { editReply } from "@/lib/reviews/replies";
import { inboxReview } from "@/lib/reviews/inbox";
import { syncApps } from "@/lib/sync/apps";
import { blockKind } from "@/lib/sync/blocks";
import { syncTarget } from "@/lib/sync/connection";
import { syncMetadata } from "@/lib/sync/metadata";
import { pauseConnection } from "@/lib/sync/pause";
import { requestSync, updateSyncSettings } from "@/lib/sync/requests";
import { failRun, openRun } from "@/lib/sync/runs";
import { syncReviews } from "@/lib/sync/reviews";
import { AscSimulator } from "../asc-sim/server";
import { pinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { waitFor } from "./support/faults";
import { ascKeyPair, keyId } from "./support/keys";
import { simConnection } from "./support/sim-connection";
import { prepareSyncEnv, runEnded, withSimulatorAndWorkers } from "./support/sync-env";

/*
 * Every kind of alert rule but new reviews (tests/integration/alerts.test.ts), each raised
 * where its fact is found, exactly once, and a local webhook receiving the messages.
 */
const port = await prepareSyncEnv("alertkinds");
Object.assign(process.env, { OUTBOUND_ALLOW_HTTP: "true", OUTBOUND_ALLOW_HOSTS: "127.0.0.1", ALERT_RETRY_DELAY_MS: "100" });

type Hit = { path: string; body: { rule: { kind: string; name: string }; events: { subject: string; title: string; text: string; url: string; data: Record<string, unknown> }[] } };
const hits: Hit[] = [];
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    hits.push({ path: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    res.writeHead(200).end("ok");
  });
});
let hookBase = "";

const sim = new AscSimulator({ seed: 23, sizes: { apps: 1, reviewsPerApp: 4, locales: 1 } });
withSimulatorAndWorkers(sim, port);

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  return async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  };
});

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = (path: string) => hits.filter((h) => h.path === path);
const nameOf = async (appId: string) => (await db.syncedApp.findUniqueOrThrow({ where: { id: appId }, select: { name: true } })).name;
const eventsOf = (organizationId: string) => db.alertEvent.findMany({ where: { organizationId }, orderBy: { occurredAt: "asc" }, select: { subjectKey: true, title: true, text: true, path: true, data: true } });

/** An organisation with a simulated connection, a webhook channel at `/<hook>` and a rule of `kind`. */
async function orgWithRule(hook: string, kind: TRuleInput["kind"], filters?: object) {
  const conn = await simConnection(sim);
  const ctx = await contextFor(conn.organizationId, conn.ownerId);
  const channel = await createChannel(ctx, { kind: "WEBHOOK", name: `Hook ${hook}`, url: `${hookBase}/${hook}` });
  const { rule } = await createRule(ctx, ZRuleInput.parse({ name: `${kind} rule`, kind, ...(filters ? { filters } : {}), channelIds: [channel.channel.id] }));
  return { conn, ctx, rule, channelId: channel.channel.id };
}

describe("alerts of a review edited after our reply", () => {
  it("flags the review, alerts once per edit (a second sync of the same edit alerts nothing) and clears when a new reply is published", async () => {
    const { conn, ctx } = await orgWithRule("edited", "REVIEW_EDITED");
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    const appName = await nameOf(apps[0].id);
    const app = sim.state.apps[0];
    const list = sim.state.reviews.get(app.id)!;
    // A review written now and answered at once (published), at the top of the app's reviews.
    const review = { ...list[0], id: `${app.id}-edited-${Math.random().toString(36).slice(2, 8)}`, rating: 2, title: "Slow start", body: "Takes ages to open.", createdDate: nowDate().toISOString() };
    list.unshift(review);
    sim.state.reviewById.set(review.id, review);
    sim.state.responses.set(review.id, { id: `resp-edited-${review.id}`, reviewId: review.id, responseBody: "Thanks, a fix is coming.", lastModifiedDate: nowDate().toISOString(), state: "PUBLISHED" });
    await syncReviews(t, apps[0].id);
    const stored = await db.syncedReview.findFirstOrThrow({ where: { connectionId: conn.id, appleId: review.id }, select: { id: true, editedAfterReplyAt: true } });
    expect(stored.editedAfterReplyAt).toBeNull();
    expect((await inboxReview(ctx, stored.id))!.replyMayBeOutdated).toBe(false);

    // The customer edits the review: Apple keeps its id and shows the new words, with no edit time.
    Object.assign(review, { rating: 1, body: "Takes ages to open, and the fix did not help." });
    await syncReviews(t, apps[0].id);
    await waitFor("the alert", async () => at("/edited").length >= 1, 10_000, 50);
    expect((await inboxReview(ctx, stored.id))!.replyMayBeOutdated).toBe(true);

    // The same edit seen again, by an incremental and a deep pass: nothing more.
    await syncReviews(t, apps[0].id);
    await syncReviews(t, apps[0].id, { deep: true });
    await settle(1_000);
    expect(at("/edited")).toHaveLength(1);
    const [message] = at("/edited");
    expect(message.body.rule).toMatchObject({ kind: "REVIEW_EDITED" });
    expect(message.body.events).toHaveLength(1);
    expect(message.body.events[0].title).toBe(`Edited after your reply: ★☆☆☆☆ Slow start (${appName}, ${review.territory})`);
    expect(message.body.events[0].text).toContain("the fix did not help");
    expect(message.body.events[0].text).toContain("The rating was ★★☆☆☆.");
    // The link opens that review in the inbox.
    expect(message.body.events[0].url).toMatch(new RegExp(`/o/[^/]+/reviews\\?app=${apps[0].id}&review=${stored.id}$`));

    // A second edit is a new alert.
    Object.assign(review, { title: "Slow start, still" });
    await syncReviews(t, apps[0].id);
    await waitFor("the second alert", async () => at("/edited").length >= 2, 10_000, 50);
    expect((await eventsOf(conn.organizationId)).map((e) => e.subjectKey)).toEqual([expect.stringMatching(new RegExp(`^review-edit:${stored.id}:[0-9a-f]{16}$`)), expect.stringMatching(new RegExp(`^review-edit:${stored.id}:[0-9a-f]{16}$`))]);

    // A new reply answers the review as it now reads.
    await editReply(ctx, stored.id, "Sorry it is still slow: version 1.2 opens in a second.");
    expect((await inboxReview(ctx, stored.id))!.replyMayBeOutdated).toBe(false);
    await syncReviews(t, apps[0].id);
    expect((await inboxReview(ctx, stored.id))!.replyMayBeOutdated).toBe(false);
    await settle(500);
    expect(at("/edited")).toHaveLength(2);
  });
});

describe("alerts of a rating drop", () => {
  it("alerts once when the newest version is rated below the previous one, with enough ratings", async () => {
    const { conn, ctx, rule } = await orgWithRule("drop", "RATING_DROP", { minRatings: 5, dropBy: 0.5 });
    // This connection's team has its own account: the newest version (1.1) rated 2★ by six, 1.0 rated 4★ by six.
    const team = sim.addTeam(conn.issuerId!, { seed: 41, sizes: { apps: 1, reviewsPerApp: 12, locales: 1 } });
    const app = team.apps[0];
    for (const [i, r] of team.reviews.get(app.id)!.entries()) Object.assign(r, i < 6 ? { versionId: `${app.id}-v2`, rating: 2 } : { versionId: `${app.id}-v1`, rating: 4 });
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    const appName = await nameOf(apps[0].id);
    await syncMetadata(t, apps[0].id);
    await syncReviews(t, apps[0].id);
    await waitFor("the alert", async () => at("/drop").length >= 1, 10_000, 50);

    // Another sync, and the metadata sync's placing of versions: nothing more.
    await syncReviews(t, apps[0].id, { deep: true });
    await syncMetadata(t, apps[0].id);
    await settle(1_000);
    expect(at("/drop")).toHaveLength(1);
    const events = await eventsOf(conn.organizationId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      subjectKey: `rating-drop:${apps[0].id}:1.1`,
      title: `${appName} 1.1 is rated 2.00★, down from 4.00★ for 1.0`,
      path: expect.stringMatching(new RegExp(`^/o/[^/]+/apps/${apps[0].id}$`)),
      data: expect.objectContaining({ version: "1.1", average: 2, ratings: 6, previousVersion: "1.0", previousAverage: 4 }),
    });

    // A rule asking for a larger drop, or more ratings, stays quiet.
    await updateRule(ctx, rule.id, ZRuleUpdate.parse({ name: "Big drops", filters: { minRatings: 5, dropBy: 2.5 } }));
    await db.alertEvent.deleteMany({ where: { organizationId: conn.organizationId } });
    await syncReviews(t, apps[0].id);
    expect(await eventsOf(conn.organizationId)).toEqual([]);
    await expect(updateRule(ctx, rule.id, ZRuleUpdate.parse({ filters: { minRatings: 0 } }))).rejects.toMatchObject({ code: "validation", field: "filters.minRatings" });
    await expect(updateRule(ctx, rule.id, ZRuleUpdate.parse({ filters: { days: 3 } }))).rejects.toMatchObject({ code: "validation", field: "filters" });
    const audits = await db.auditEvent.findMany({ where: { organizationId: conn.organizationId, action: "alert_rule.updated" }, select: { metadata: true, targetLabel: true } });
    expect(audits).toEqual([{ targetLabel: "Big drops", metadata: { changed: ["name", "filters"] } }]);
  });
});

describe("alerts of failing syncs and sales days", () => {
  it("alerts once when sales runs fail twice in a row, and once per failed day; the same day failing again alerts nothing", { timeout: 120_000 }, async () => {
    pinClocks(sim, "2026-11-20T18:00:00Z");
    const { conn, ctx, channelId } = await orgWithRule("failing", "SYNC_FAILING", { failuresInARow: 2 });
    await createRule(ctx, ZRuleInput.parse({ name: "Sales days", kind: "SALES_FAILING", channelIds: [channelId] }));
    await updateSyncSettings(ctx, conn.id, { vendorNumber: "80012345" });
    const days = ["2026-11-02", "2026-11-03"];
    sim.faults = { corruptReportDays: days };
    const sales = async (day: string) => runEnded((await requestSync(ctx, conn.id, { kind: "SALES", from: day, to: day })).runId);
    try {
      for (const day of days) expect(await sales(day)).toMatchObject({ status: "FAILED" });
      await waitFor("three messages", async () => at("/failing").length >= 3, 15_000, 50);
      // The streak goes on, and a day fails again: nothing more.
      expect(await sales(days[0])).toMatchObject({ status: "FAILED" });
      await settle(1_500);
    } finally {
      sim.faults = {};
    }
    const kinds = at("/failing").map((h) => h.body.rule.kind).sort();
    expect(kinds).toEqual(["SALES_FAILING", "SALES_FAILING", "SYNC_FAILING"]);
    const failing = at("/failing").find((h) => h.body.rule.kind === "SYNC_FAILING")!.body.events[0];
    expect(failing.title).toBe("Simulated team: 2 sales syncs in a row failed");
    expect(failing.text).toMatch(/cut short or unreadable/);
    expect(failing.url).toMatch(new RegExp(`/o/[^/]+/connections/${conn.id}/sync$`));
    const subjects = async () => (await eventsOf(conn.organizationId)).map((e) => e.subjectKey).sort();
    expect((await subjects()).filter((s) => s.startsWith("sales-failing:"))).toEqual(days.map((d) => `sales-failing:${conn.id}:${d}`));
    expect((await subjects()).filter((s) => s.startsWith("sync-failing:"))).toHaveLength(1);

    // A run that works ends the streak; two runs ended at once (the fan-out failing) are a new one.
    expect(await sales("2026-11-05")).toMatchObject({ status: "SUCCEEDED" });
    for (let i = 0; i < 2; i++) {
      const run = await openRun(conn.organizationId, conn.id, "SALES", "manual");
      await failRun(run.id, { message: "App Store Connect could not be reached.", code: "NETWORK" });
    }
    await waitFor("the second streak", async () => at("/failing").filter((h) => h.body.rule.kind === "SYNC_FAILING").length === 2, 10_000, 50);
    expect((await subjects()).filter((s) => s.startsWith("sync-failing:"))).toHaveLength(2);
    expect(at("/failing").filter((h) => h.body.rule.kind === "SYNC_FAILING")[1].body.events[0].text).toBe("App Store Connect could not be reached.");
  });
});

describe("alerts of connection problems", () => {
  it("alerts once when Apple refuses the key and syncing pauses, and once when a kind of work is no longer allowed", async () => {
    const { conn, ctx } = await orgWithRule("problem", "CONNECTION_PROBLEM");
    sim.revokeKey(conn.issuerId, conn.keyId);
    expect(await runEnded((await requestSync(ctx, conn.id, { kind: "FULL" })).runId)).toMatchObject({ status: "FAILED", errorCode: "NOT_AUTHORIZED" });
    await waitFor("the pause alert", async () => at("/problem").length >= 1, 10_000, 50);
    // Paused already: a second refusal changes nothing.
    await pauseConnection(conn.organizationId, conn.id, "refused again", "NOT_AUTHORIZED");
    sim.registerKey({ issuerId: conn.issuerId, keyId: conn.keyId, publicKey: conn.pair.publicKey, role: "ADMIN" });

    // The account holder has not accepted the latest agreements: reviews are refused (403).
    await blockKind(conn.organizationId, conn.id, "REVIEWS", { code: "FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED" });
    await blockKind(conn.organizationId, conn.id, "REVIEWS", { code: "FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED" });
    await waitFor("the block alert", async () => at("/problem").length >= 2, 10_000, 50);
    await settle(1_000);
    expect(at("/problem").map((h) => h.body.events[0].title)).toEqual([
      "Simulated team: App Store Connect refused the key; syncing is paused",
      "Simulated team: the key may no longer read or answer customer reviews",
    ]);
    expect(at("/problem")[1].body.events[0].text).toMatch(/agreements/);
    const subjects = (await eventsOf(conn.organizationId)).map((e) => e.subjectKey);
    expect(subjects).toEqual([expect.stringMatching(new RegExp(`^connection:${conn.id}:PAUSED:\\d{4}-`)), expect.stringMatching(new RegExp(`^connection:${conn.id}:REVIEWS:\\d{4}-`))]);
  });
});

describe("alerts of old keys", () => {
  it("alerts once when a key passes the rule's age, again only for a replaced key that ages too, from a daily pass", async () => {
    const { conn, ctx } = await orgWithRule("keys", "KEY_AGE", { days: 90 });
    const mine = async () => (await eventsOf(conn.organizationId)).map((e) => e.subjectKey);
    pinClocks(sim, conn.createdAt.getTime() + 89 * 86_400_000);
    await checkKeyAges();
    expect(await mine()).toEqual([]);

    pinClocks(sim, conn.createdAt.getTime() + 91 * 86_400_000);
    expect(await dailyKeyAgeCheck()).not.toBeNull();
    // The day's pass is done: later sweeps that day do nothing, and another check raises nothing new.
    expect(await dailyKeyAgeCheck()).toBeNull();
    await checkKeyAges();
    await waitFor("the alert", async () => at("/keys").length >= 1, 10_000, 50);
    expect(await mine()).toEqual([`key-age:${conn.id}:${conn.createdAt.toISOString()}:90`]);
    const [event] = at("/keys")[0].body.events;
    expect(event.title).toBe("Simulated team: its App Store Connect API key is 91 days old");
    expect(event.url).toMatch(new RegExp(`/o/[^/]+/connections#connection-${conn.id}$`));

    // The key is replaced: it is young again, until it too is 90 days old.
    await updateConnection(ctx, conn.id, { keyId: keyId(), privateKey: ascKeyPair().privateKey });
    const replaced = (await db.auditEvent.findFirstOrThrow({ where: { organizationId: conn.organizationId, action: "connection.key_replaced" }, select: { createdAt: true } })).createdAt;
    pinClocks(sim, replaced.getTime() + 30 * 86_400_000);
    await checkKeyAges();
    expect(await mine()).toHaveLength(1);
    pinClocks(sim, replaced.getTime() + 95 * 86_400_000);
    await checkKeyAges();
    await checkKeyAges();
    expect(await mine()).toEqual([`key-age:${conn.id}:${conn.createdAt.toISOString()}:90`, `key-age:${conn.id}:${replaced.toISOString()}:90`]);
    await waitFor("the second alert", async () => at("/keys").length >= 2, 10_000, 50);
  });
});

describe("alerts of change sets waiting for approval", () => {
  it("alerts once per change set submitted, and not while the rule is off", async () => {
    const { conn, ctx, rule } = await orgWithRule("changes", "CHANGE_SET_WAITING");
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    const appName = await nameOf(apps[0].id);
    const submit = async (note: string | null) => {
      const set = await db.changeSet.create({ data: { organizationId: conn.organizationId, connectionId: conn.id, appId: apps[0].id, items: [], note, submittedByEmail: "editor@example.test" }, select: { id: true } });
      const raise = () =>
        db.$transaction((tx) =>
          raiseChangeSetAlerts(tx, { organizationId: conn.organizationId, connectionId: conn.id, appId: apps[0].id, changeSetId: set.id, appName: appName, submittedBy: "editor@example.test", note, path: `/o/x/apps/${apps[0].id}/changes/${set.id}` }),
        );
      const due = await raise();
      await queueDeliveries(due);
      // The same change set raised again (a retried submit) is the same alert.
      expect(await raise()).toEqual([]);
      return { id: set.id, due };
    };
    const first = await submit("New screenshots for the winter sale");
    expect(first.due).toHaveLength(1);
    await waitFor("the alert", async () => at("/changes").length >= 1, 10_000, 50);
    expect(at("/changes")[0].body.events[0]).toMatchObject({
      subject: `change-set:${first.id}`,
      title: `${appName}: changes wait for approval`,
      text: "editor@example.test submitted metadata changes for approval.\n“New screenshots for the winter sale”",
    });
    expect(at("/changes")[0].body.events[0].url).toMatch(new RegExp(`/o/x/apps/${apps[0].id}/changes/${first.id}$`));

    await updateRule(ctx, rule.id, ZRuleUpdate.parse({ enabled: false }));
    expect((await listRules(ctx)).rules[0]).toMatchObject({ enabled: false, kind: "CHANGE_SET_WAITING", filters: {} });
    expect((await submit(null)).due).toEqual([]);
    await updateRule(ctx, rule.id, ZRuleUpdate.parse({ enabled: true }));
    expect((await submit(null)).due).toHaveLength(1);
    const audits = await db.auditEvent.findMany({ where: { organizationId: conn.organizationId, action: "alert_rule.updated" }, orderBy: { createdAt: "asc" }, select: { metadata: true } });
    expect(audits.map((a) => a.metadata)).toEqual([{ changed: ["enabled"], enabled: false }, { changed: ["enabled"], enabled: true }]);
  });
});

describe("raising never stops the work that found the fact", () => {
  it("rolls a failed raise back to its savepoint, keeping the transaction's own writes, and skips a rule whose filters no longer read", async () => {
    const { conn, rule } = await orgWithRule("broken", "CHANGE_SET_WAITING");
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    const appName = await nameOf(apps[0].id);
    const scope = { organizationId: conn.organizationId, connectionId: conn.id, appId: apps[0].id, appName: appName, submittedBy: "editor@example.test", note: null };
    // PostgreSQL refuses a NUL character in text: the event's insert fails inside the raise.
    const set = await db.$transaction(async (tx) => {
      const row = await tx.changeSet.create({ data: { organizationId: conn.organizationId, connectionId: conn.id, appId: apps[0].id, items: [] }, select: { id: true } });
      expect(await raiseChangeSetAlerts(tx, { ...scope, changeSetId: row.id, path: "/o/x/\u0000" })).toEqual([]);
      return tx.changeSet.update({ where: { id: row.id }, data: { note: "kept" }, select: { id: true, note: true } });
    });
    expect(await db.changeSet.findUniqueOrThrow({ where: { id: set.id }, select: { note: true } })).toEqual({ note: "kept" });

    await db.alertRule.update({ where: { id: rule.id }, data: { filters: { ratings: "five" } } });
    expect(await db.$transaction((tx) => raiseChangeSetAlerts(tx, { ...scope, changeSetId: set.id, path: "/o/x" }))).toEqual([]);
    expect(await eventsOf(conn.organizationId)).toEqual([]);
  });
});
