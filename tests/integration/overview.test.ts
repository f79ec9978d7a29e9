import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { resetClock, setClock } from "@/lib/clock";
import type { CapabilityReport } from "@/lib/connections/capabilities";
import { db } from "@/lib/db/client";
import { routes } from "@/lib/overview/operations";
import { organisationOverview, type TConnectionOverview } from "@/lib/overview/summary";
import { makeSyncedApp, makeVersion, type SeededApp } from "@/lib/seed/apps";
import { makeConnection } from "@/lib/seed/connections";
import { makeOrgWithRoles, makeOrg, makeUser } from "@/lib/seed/factories";
import { makeDraft } from "@/lib/seed/metadata";
import { makeReview } from "@/lib/seed/reviews";
import { makeSales } from "@/lib/seed/sales";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncReviews } from "@/lib/sync/reviews";
import { syncSalesDay } from "@/lib/sync/sales";
import { AscSimulator } from "../asc-sim/server";
import { pinClocks, unpinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { simConnection } from "./support/sim-connection";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";

const port = await prepareSyncEnv("overview");
const sim = new AscSimulator({ seed: 11, sizes: { apps: 2, reviewsPerApp: 15 } });
simulatorForFile(sim, { port });

/*
 * 04:00 UTC on 18 Nov 2026: yesterday is 17 Nov, whose report Apple has not published yet.
 * "Client A" holds 17 Nov's report as fetched; "Client B" has only 16 Nov's, 17 Nov awaited.
 */
const NOW = "2026-11-18T04:00:00Z";
const YESTERDAY = "2026-11-17";

type Seeded = Awaited<ReturnType<typeof seed>>;
let s: Seeded;

const works = (reason: string) => ({ state: "works" as const, reason });
const capabilities: CapabilityReport = {
  checkedAt: "2026-11-17T10:00:00.000Z",
  keyKind: "TEAM",
  apps: works("Lists the account's apps."),
  metadata: { state: "fails", reason: "App Store Connect answered 500.", code: "INTERNAL" },
  reviews: works("Reads customer reviews."),
  // Also blocked by the sync below: said once.
  sales: { state: "not_allowed", reason: "This key's role may not use sales reports (403).", roles: "Admin, Finance or Sales (a team key)", code: "FORBIDDEN_ERROR" },
  clock: { state: "ok", skewSeconds: 0, reason: "In step." },
};

async function seed() {
  const { org, members } = await makeOrgWithRoles("overview");
  const owner = members.OWNER;
  const a = await makeConnection(org.id, owner.id, { name: "Client A" });
  const b = await makeConnection(org.id, owner.id, { name: "Client B" });
  await db.connection.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { vendorNumber: "80012345", status: "WORKING", testedAt: new Date("2026-11-17T10:00:00Z") } });
  await db.connection.update({
    where: { id: a.id },
    data: {
      capabilities,
      syncBlocks: { SALES: { reason: "This key's role may not use sales reports (403). It needs the Admin, Finance or Sales (a team key) role.", code: "FORBIDDEN_ERROR", roles: "Admin, Finance or Sales (a team key)", at: "2026-11-17T10:00:00.000Z" } },
    },
  });
  const scopeA = { organizationId: org.id, connectionId: a.id };
  const scopeB = { organizationId: org.id, connectionId: b.id };
  const alpha = await makeSyncedApp(scopeA, { appleId: "1001", name: "Alpha", bundleId: "com.example.alpha", sku: "ALPHA1" });
  const beta = await makeSyncedApp(scopeB, { appleId: "2001", name: "Beta", bundleId: "com.example.beta", sku: "BETA1" });

  // Alpha: unreplied 1★, 2★, 2★ and 5★; one 1★ replied. Beta: one unreplied 4★.
  const review = (app: SeededApp, id: string, rating: number, replied = false) =>
    makeReview(app, { appleId: id, rating, createdDate: "2026-11-10T12:00:00Z", response: replied ? { appleId: `r-${id}`, body: "Thanks", state: "PUBLISHED" } : undefined });
  for (const [id, rating] of [["a1", 1], ["a2", 2], ["a3", 2], ["a4", 5]] as const) await review(alpha, id, rating);
  await review(alpha, "a5", 1, true);
  await review(beta, "b1", 4);

  // Alpha: three drafts, one of which Apple refused at the last push.
  const version = await makeVersion(alpha, { appleId: "v1", versionString: "2.0", appStoreState: "PREPARE_FOR_SUBMISSION", localizations: [{ appleId: "l1", locale: "en-US" }] });
  const en = version.localizationIds["en-US"];
  for (const field of ["keywords", "promotionalText", "description"]) await makeDraft(alpha, { localizationId: en, locale: "en-US", field, value: `new ${field}`, baseValue: null });
  await db.metadataDraft.updateMany({ where: { appId: alpha.id, field: "keywords" }, data: { pushError: "Apple refused the keywords." } });

  // Alpha: two uploads under way, one failed, one finished (not counted).
  const upload = (status: "QUEUED" | "RESERVED" | "FAILED" | "COMPLETE", n: number) =>
    db.mediaUpload.create({
      data: { ...scopeA, appId: alpha.id, localizationId: en, locale: "en-US", batchId: "batch", sequence: n, kind: "SCREENSHOT", displayType: "APP_IPHONE_67", fileName: `${n}.png`, fileSize: 1000, checksum: "0".repeat(32), status },
    });
  await Promise.all([upload("QUEUED", 1), upload("RESERVED", 2), upload("FAILED", 3), upload("COMPLETE", 4)]);

  // Sales. A, 17 Nov: USD 10 at $0.70 and one refunded, EUR 4 at €2.10. Earlier days do not count.
  await makeSales(scopeA, [
    { day: YESTERDAY, sku: "ALPHA1", title: "Alpha", units: 10, proceeds: "0.70", currency: "USD", territory: "US" },
    { day: YESTERDAY, sku: "ALPHA1", title: "Alpha", units: -1, proceeds: "0.70", currency: "USD", territory: "US" },
    { day: YESTERDAY, sku: "ALPHA1", title: "Alpha", units: 4, proceeds: "2.10", currency: "EUR", territory: "DE" },
  ]);
  await makeSales(scopeA, [{ day: "2026-11-16", sku: "ALPHA1", title: "Alpha", units: 99, proceeds: "0.70", currency: "USD", territory: "US" }]);
  // B: 16 Nov is in (JPY 3 at ¥84); 17 Nov is awaited.
  await makeSales(scopeB, [{ day: "2026-11-16", sku: "BETA1", title: "Beta", units: 3, proceeds: "84.00", currency: "JPY", territory: "JP" }]);
  await db.salesDay.create({ data: { ...scopeB, day: new Date(`${YESTERDAY}T00:00:00Z`), status: "NOT_AVAILABLE", reason: "Apple publishes this day's report at 13:10 UTC on 2026-11-18; it is fetched then." } });

  // A: the reviews sync failed last (after a success); sales failed before and then worked.
  const run = (connectionId: string, kind: "REVIEWS" | "SALES", status: "SUCCEEDED" | "FAILED", at: string, error?: string) =>
    db.syncRun.create({ data: { organizationId: org.id, connectionId, kind, trigger: "schedule", status, error: error ?? null, createdAt: new Date(at), finishedAt: new Date(at) } });
  await run(a.id, "REVIEWS", "SUCCEEDED", "2026-11-17T08:00:00Z");
  await run(a.id, "REVIEWS", "FAILED", "2026-11-17T09:00:00Z", "App Store Connect did not answer.");
  await run(a.id, "SALES", "FAILED", "2026-11-17T08:00:00Z", "Old failure.");
  await run(a.id, "SALES", "SUCCEEDED", "2026-11-17T09:00:00Z");
  await run(b.id, "REVIEWS", "SUCCEEDED", "2026-11-17T09:00:00Z");

  // An agency viewer granted Client B only.
  await db.membership.update({ where: { id: members.VIEWER.membershipId }, data: { restrictConnections: true } });
  await db.connectionGrant.create({ data: { organizationId: org.id, membershipId: members.VIEWER.membershipId, connectionId: b.id } });
  return { org, members, a, b, alpha, beta };
}

beforeAll(async () => {
  setClock(NOW);
  s = await seed();
});
afterAll(() => resetClock());

const byName = (cards: TConnectionOverview[], name: string) => cards.find((c) => c.name === name)!;

describe("the organisation overview", () => {
  it("gives an owner each connection's figures as the seed put them in", async () => {
    const o = await organisationOverview(await contextFor(s.org.id, s.members.OWNER.id));
    expect(o.yesterday).toBe(YESTERDAY);
    expect(o.connections.map((c) => c.name)).toEqual(["Client A", "Client B"]);
    const a = byName(o.connections, "Client A");
    expect(a.health).toEqual({
      status: "WORKING",
      statusReason: null,
      syncPausedAt: null,
      testedAt: "2026-11-17T10:00:00.000Z",
      problems: [
        { area: "sales", reason: expect.stringContaining("may not use sales reports"), source: "sync" },
        { area: "metadata", reason: "App Store Connect answered 500.", source: "check" },
      ],
    });
    expect(a.reviews).toEqual({ unreplied: 4, unrepliedLow: 3 });
    expect(a.drafts).toEqual({ total: 3, apps: [{ appId: s.alpha.id, appName: "Alpha", drafts: 3, failedPushes: 1 }] });
    expect(a.media).toEqual({ underWay: 2, failed: 1, apps: [{ appId: s.alpha.id, appName: "Alpha", underWay: 2, failed: 1 }] });
    expect(a.sales).toEqual({
      off: null,
      yesterday: { day: YESTERDAY, status: "FETCHED", reason: null, figures: [{ currency: "EUR", units: 4, proceeds: "8.40" }, { currency: "USD", units: 9, proceeds: "6.30" }] },
      latest: null,
    });
    expect(a.conversion).toEqual({ state: "not_set_up" });
    expect(a.failingSyncs).toEqual([{ kind: "REVIEWS", error: "App Store Connect did not answer.", finishedAt: "2026-11-17T09:00:00.000Z" }]);

    const b = byName(o.connections, "Client B");
    expect(b.reviews).toEqual({ unreplied: 1, unrepliedLow: 0 });
    expect(b.drafts).toEqual({ total: 0, apps: [] });
    expect(b.health!.problems).toEqual([]);
    expect(b.failingSyncs).toEqual([]);
    expect(b.sales).toEqual({
      off: null,
      yesterday: { day: YESTERDAY, status: "NOT_AVAILABLE", reason: expect.stringContaining("13:10 UTC on 2026-11-18"), figures: [] },
      latest: { day: "2026-11-16", figures: [{ currency: "JPY", units: 3, proceeds: "252.00" }] },
    });
  });

  it("shows a restricted member only the connection granted to them", async () => {
    const o = await organisationOverview(await contextFor(s.org.id, s.members.VIEWER.id));
    expect(o.connections.map((c) => c.name)).toEqual(["Client B"]);
    expect(JSON.stringify(o)).not.toMatch(/Client A|Alpha|EUR|USD/);
  });

  it("gives support the reviews numbers alone", async () => {
    const o = await organisationOverview(await contextFor(s.org.id, s.members.SUPPORT.id));
    expect(o.connections.map((c) => [c.name, c.reviews])).toEqual([["Client A", { unreplied: 4, unrepliedLow: 3 }], ["Client B", { unreplied: 1, unrepliedLow: 0 }]]);
    for (const c of o.connections) expect([c.health, c.drafts, c.media, c.sales, c.conversion, c.failingSyncs]).toEqual([null, null, null, null, null, null]);
  });

  it("shows another organisation nothing of it, through the API too", async () => {
    const stranger = await makeUser();
    const other = await makeOrg(stranger);
    const ctx = await contextFor(other.id, stranger.id);
    expect((await organisationOverview(ctx)).connections).toEqual([]);

    const get = async (token: string) => {
      const res = await routes("/api/v1/overview").GET!(new NextRequest("http://127.0.0.1:3999/api/v1/overview", { headers: { authorization: `Bearer ${token}` } }), {});
      return { status: res.status, body: await res.text() };
    };
    const foreign = await get((await createApiToken(ctx, { name: "Other CI", role: "VIEWER" })).token);
    expect(foreign.status).toBe(200);
    expect(JSON.parse(foreign.body).connections).toEqual([]);
    // The answer matches its declared schema (checked by the route in tests), and a token limited to B sees B alone.
    const owner = await contextFor(s.org.id, s.members.OWNER.id);
    const limited = await get((await createApiToken(owner, { name: "B only", role: "VIEWER", connectionIds: [s.b.id] })).token);
    expect(limited.status, limited.body).toBe(200);
    expect(JSON.parse(limited.body).connections.map((c: { name: string }) => c.name)).toEqual(["Client B"]);
  });
});

describe("the overview of a connection synced from the simulator, as the demo's is", () => {
  afterAll(() => unpinClocks(sim));

  it("shows the synced reviews and yesterday's report as stored", async () => {
    // 18:00 UTC: the simulator has published yesterday's report.
    pinClocks(sim, "2026-11-18T18:00:00Z");
    const conn = await simConnection(sim);
    await db.connection.update({ where: { id: conn.id }, data: { vendorNumber: "80012345" } });
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    for (const app of apps) await syncReviews(t, app.id);
    expect(await syncSalesDay(t, YESTERDAY)).toMatchObject({ status: "FETCHED" });

    const [card] = (await organisationOverview(await contextFor(conn.organizationId, conn.ownerId))).connections;
    const unreplied = await db.syncedReview.findMany({ where: { connectionId: conn.id, responseAppleId: null }, select: { rating: true } });
    expect(unreplied.length).toBeGreaterThan(0);
    expect(card.reviews).toEqual({ unreplied: unreplied.length, unrepliedLow: unreplied.filter((r) => r.rating <= 2).length });

    const rows = await db.salesRow.findMany({ where: { connectionId: conn.id, day: new Date(`${YESTERDAY}T00:00:00Z`) }, select: { units: true, proceeds: true, proceedsCurrency: true } });
    // In ten-thousandths, Apple's precision, so the sum is exact before it is rounded to cents.
    const want = new Map<string, { units: number; tenThousandths: number }>();
    for (const r of rows) {
      const w = want.get(r.proceedsCurrency) ?? { units: 0, tenThousandths: 0 };
      w.units += r.units;
      w.tenThousandths += r.units * Math.round(Number(r.proceeds) * 10_000);
      want.set(r.proceedsCurrency, w);
    }
    expect(card.sales!.yesterday.status).toBe("FETCHED");
    expect(want.size).toBeGreaterThan(0);
    expect(card.sales!.yesterday.figures).toEqual([...want].sort(([a], [b]) => a.localeCompare(b)).map(([currency, w]) => ({ currency, units: w.units, proceeds: (w.tenThousandths / 10_000).toFixed(2) })));
    expect(card.sales!.latest).toBeNull();
  });
});
