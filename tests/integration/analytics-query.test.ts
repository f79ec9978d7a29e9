import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { METRICS } from "@/lib/analytics/constants";
import { routes } from "@/lib/analytics/operations";
import { appAnalytics, orgAnalytics } from "@/lib/analytics/query";
import { ZAnalyticsAppQuery, ZAnalyticsOrgQuery } from "@/lib/analytics/query-schema";
import { rebuildRollups } from "@/lib/analytics/ingest";
import { closeBulkPool, bulkPool } from "@/lib/db/bulk";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { makeSyncedApp, type SeededApp } from "@/lib/seed/apps";
import { makeConnection } from "@/lib/seed/connections";
import { makeOrg, makeOrgWithRoles, makeUser } from "@/lib/seed/factories";
import { organisationOverview } from "@/lib/overview/summary";
import { contextFor } from "./support/context";

/*
 * Pinned days, never the clock. The range asked for is 2 to 15 Nov 2026 (two ISO weeks), the
 * previous period 19 Oct to 1 Nov. Apple's figures are final up to 12 Nov (restated after).
 * Alpha sent nothing for 5 and 6 Nov. Beta is on a second connection; Gamma is another
 * organisation's app.
 */
const FINAL_UNTIL = "2026-11-12";
const DAY = 86_400_000;
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += DAY) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
};

type Fact = { territory: string; sourceType: string; pageType: string; device: string; counts: [number, number, number, number, number, number] };
const US: Omit<Fact, "counts"> = { territory: "US", sourceType: "App Store search", pageType: "Product page", device: "iPhone" };
const DE: Omit<Fact, "counts"> = { territory: "DE", sourceType: "App Store browse", pageType: "Product page", device: "iPad" };

/** Stores an app's facts and days as the sync does, then the sums by day and month the page reads. */
async function store(app: SeededApp, perDay: (day: string) => Fact[], range: string[]) {
  const organizationId = app.organizationId;
  await db.analyticsFact.createMany({
    data: range.flatMap((day) =>
      perDay(day).map((f) => ({ organizationId, appId: app.id, date: new Date(`${day}T00:00:00Z`), territory: f.territory, sourceType: f.sourceType, pageType: f.pageType, device: f.device, ...Object.fromEntries(METRICS.map((m, i) => [m, f.counts[i]])) })),
    ),
  });
  await db.analyticsDay.createMany({
    data: range.flatMap((day) =>
      (["ENGAGEMENT", "DOWNLOADS", "INSTALLS"] as const).map((kind) => ({ organizationId, appId: app.id, kind, date: new Date(`${day}T00:00:00Z`), processingDate: new Date("2026-11-16T00:00:00Z"), final: day <= FINAL_UNTIL })),
    ),
  });
  await rebuildRollups(bulkPool(), organizationId, app.id, range);
}

let s: Awaited<ReturnType<typeof seed>>;

async function seed() {
  const { org, members } = await makeOrgWithRoles("analytics");
  const a = await makeConnection(org.id, members.OWNER.id, { name: "Client A" });
  const b = await makeConnection(org.id, members.OWNER.id, { name: "Client B" });
  const alpha = await makeSyncedApp({ organizationId: org.id, connectionId: a.id }, { appleId: "1001", name: "Alpha", bundleId: "com.example.alpha", sku: "ALPHA" });
  await makeConnection(org.id, members.OWNER.id, { name: "Client C" });
  const beta = await makeSyncedApp({ organizationId: org.id, connectionId: b.id }, { appleId: "2001", name: "Beta", bundleId: "com.example.beta", sku: "BETA" });
  const current = days("2026-11-02", "2026-11-15").filter((d) => d !== "2026-11-05" && d !== "2026-11-06");
  await store(alpha, () => [{ ...US, counts: [100, 20, 5, 1, 4, 1] }, { ...DE, counts: [50, 10, 2, 0, 2, 0] }], current);
  await store(alpha, () => [{ ...US, counts: [80, 20, 4, 1, 4, 1] }, { ...DE, counts: [50, 10, 2, 0, 2, 0] }], days("2026-10-19", "2026-11-01"));
  await store(beta, () => [{ ...US, counts: [10, 5, 1, 0, 0, 0] }], days("2026-11-02", "2026-11-15"));
  await db.analyticsAppState.create({ data: { organizationId: org.id, connectionId: b.id, appId: beta.id, status: "STOPPED", statusReason: "Apple stopped the request on 14 Nov 2026." } });

  const stranger = await makeUser();
  const other = await makeOrg(stranger);
  const c = await makeConnection(other.id, stranger.id, { name: "Elsewhere" });
  const gamma = await makeSyncedApp({ organizationId: other.id, connectionId: c.id }, { appleId: "3001", name: "Gamma", bundleId: "com.example.gamma", sku: "GAMMA" });
  await store(gamma, () => [{ ...US, counts: [999, 99, 9, 0, 0, 0] }], days("2026-11-02", "2026-11-20"));
  return { org, members, a, b, alpha, beta, gamma, owner: await contextFor(org.id, members.OWNER.id) };
}

const range = { from: "2026-11-02", to: "2026-11-15" };
const appQuery = (q: Record<string, string>) => ZAnalyticsAppQuery.parse(q);
const orgQuery = (q: Record<string, string>) => ZAnalyticsOrgQuery.parse(q);

beforeAll(async () => {
  s = await seed();
});
afterAll(async () => {
  await closeBulkPool();
  await getRedis().quit();
  await getDb().$disconnect();
});

describe("one app's analytics", () => {
  it("sums the range, compares it with the previous period of the same length and says which days are missing or not final", async () => {
    const v = await appAnalytics(s.owner, s.alpha.id, appQuery(range));
    expect(v.range).toEqual(range);
    expect(v.previous).toEqual({ from: "2026-10-19", to: "2026-11-01" });
    expect(v.totals).toMatchObject({ impressions: 1800, productPageViews: 360, firstTimeDownloads: 84, redownloads: 12, installations: 72, deletions: 12, pageViewRate: 0.2, pageConversion: 84 / 360 });
    expect(v.totals.conversionRate).toBeCloseTo(84 / 1800, 10);
    expect(v.previousTotals).toMatchObject({ impressions: 1820, productPageViews: 420, firstTimeDownloads: 84, redownloads: 14, installations: 84, deletions: 14 });
    expect(v.change.impressions).toBeCloseTo(-20 / 1820, 10);
    expect(v.change.firstTimeDownloads).toBe(0);
    expect(v.change.conversionRate).toBeCloseTo(84 / 1800 - 84 / 1820, 10);

    expect(v.series).toHaveLength(14);
    const day = (d: string) => v.series.find((p) => p.period === d)!;
    expect(day("2026-11-02")).toMatchObject({ impressions: 150, firstTimeDownloads: 7, complete: true });
    expect(day("2026-11-05")).toMatchObject({ impressions: 0, conversionRate: null, complete: false });
    expect(day("2026-11-12").complete).toBe(true);
    expect(day("2026-11-13")).toMatchObject({ impressions: 150, complete: false });
    expect(v.missingDays).toEqual([{ from: "2026-11-05", to: "2026-11-06" }]);
    expect(v.incompleteFrom).toBe("2026-11-13");
    expect(v.notes).toContain("Apple leaves out rows counting fewer than 5 events, so small territories and sources read low.");
    expect(v.notes.some((n) => n.startsWith("No data from Apple for 5–6 Nov"))).toBe(true);

    expect(v.breakdowns.territory.map((r) => [r.value, r.impressions, r.firstTimeDownloads])).toEqual([["US", 1200, 60], ["DE", 600, 24]]);
    expect(v.breakdowns.device.map((r) => r.value)).toEqual(["iPhone", "iPad"]);
    expect(v.breakdowns.sourceType.map((r) => r.value)).toEqual(["App Store search", "App Store browse"]);
  });

  it("narrows every figure to the filters, from the facts", async () => {
    const v = await appAnalytics(s.owner, s.alpha.id, appQuery({ ...range, territory: "DE" }));
    expect(v.filters.territory).toEqual(["DE"]);
    expect(v.totals).toMatchObject({ impressions: 600, firstTimeDownloads: 24 });
    expect(v.previousTotals).toMatchObject({ impressions: 700, firstTimeDownloads: 28 });
    expect(v.breakdowns.sourceType.map((r) => [r.value, r.impressions])).toEqual([["App Store browse", 600]]);
    expect(v.breakdowns.territory.map((r) => r.value)).toEqual(["DE"]);
    expect(v.series.find((p) => p.period === "2026-11-03")).toMatchObject({ impressions: 50 });
    // Two filters at once: nothing is both in Germany and searched.
    const none = await appAnalytics(s.owner, s.alpha.id, appQuery({ ...range, territory: "DE", sourceType: "App Store search" }));
    expect(none.totals.impressions).toBe(0);
  });

  it("groups by week (from Monday) and month; a period is complete only when all its days are final", async () => {
    const weeks = await appAnalytics(s.owner, s.beta.id, appQuery({ ...range, granularity: "week" }));
    expect(weeks.series.map((p) => [p.period, p.impressions, p.complete])).toEqual([["2026-11-02", 70, true], ["2026-11-09", 70, false]]);
    const months = await appAnalytics(s.owner, s.beta.id, appQuery({ from: "2026-10-26", to: "2026-11-08", granularity: "month" }));
    // Beta's data starts on 2 Nov: the days before are missing, and the months with them are not complete.
    expect(months.series.map((p) => [p.period, p.impressions, p.complete])).toEqual([["2026-10", 0, false], ["2026-11", 70, false]]);
    expect(months.missingDays).toEqual([{ from: "2026-10-26", to: "2026-11-01" }]);
    const november = await appAnalytics(s.owner, s.beta.id, appQuery({ from: "2026-11-02", to: "2026-11-08", granularity: "month" }));
    expect(november.series).toMatchObject([{ period: "2026-11", impressions: 70, complete: true }]);
  });

  it("by default shows the 28 days ending at the newest day Apple has sent", async () => {
    const v = await appAnalytics(s.owner, s.alpha.id, appQuery({}));
    expect(v.range).toEqual({ from: "2026-10-19", to: "2026-11-15" });
    expect(v.totals.impressions).toBe(1800 + 1820);
  });

  it("is not found for another organisation's app", async () => {
    await expect(appAnalytics(s.owner, s.gamma.id, appQuery(range))).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("analytics across apps", () => {
  it("sums the apps the caller may see, with a row per app and the states Apple's reports are in", async () => {
    const v = await orgAnalytics(s.owner, orgQuery(range));
    expect(v.apps.map((a) => [a.appName, a.impressions])).toEqual([["Alpha", 1800], ["Beta", 140]]);
    expect(v.totals.impressions).toBe(1940);
    expect(v.series.find((p) => p.period === "2026-11-05")).toMatchObject({ impressions: 10, complete: false });
    expect(v.notes).toContain("Beta: Apple stopped the request on 14 Nov 2026.");
    // Alpha's reports arrive: nothing to say about it.
    expect(v.notes.some((n) => n.startsWith("Alpha:"))).toBe(false);
    const beta = await orgAnalytics(s.owner, orgQuery({ ...range, app: s.beta.id }));
    expect(beta.apps.map((a) => a.appName)).toEqual(["Beta"]);
    expect(beta.totals.impressions).toBe(140);
  });
});

describe("the overview's conversion trend", () => {
  it("gives each connection's conversion over the last 30 days Apple has sent, and not_set_up without any", async () => {
    const o = await organisationOverview(s.owner);
    const card = (name: string) => o.connections.find((c) => c.name === name)!.conversion;
    expect(card("Client A")).toEqual({ state: "ok", from: "2026-10-17", to: "2026-11-15", impressions: 3620, firstTimeDownloads: 168, conversionRate: 168 / 3620, previousConversionRate: null, change: null });
    expect(card("Client B")).toMatchObject({ state: "ok", impressions: 140, firstTimeDownloads: 14, conversionRate: 0.1 });
    expect(card("Client C")).toEqual({ state: "not_set_up" });
    const support = await organisationOverview(await contextFor(s.org.id, s.members.SUPPORT.id));
    expect(support.connections.every((c) => c.conversion === null)).toBe(true);
  });
});

describe("the analytics API", () => {
  const get = async (token: string, path: string) => {
    const template = path.includes("/apps/") ? "/api/v1/apps/[appId]/analytics" : "/api/v1/analytics";
    const appId = path.match(/apps\/([^/?]+)/)?.[1];
    const res = await routes(template).GET!(new NextRequest(`http://127.0.0.1:3999${path}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve<Record<string, string>>(appId ? { appId } : {}) });
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  const token = async (role: "ADMIN" | "VIEWER" | "SUPPORT", connectionIds?: string[]) => (await createApiToken(s.owner, { name: `${role} ${connectionIds?.length ?? 0}`, role, connectionIds })).token;
  const q = `from=${range.from}&to=${range.to}`;

  it("answers a viewer, refuses support, and hides other organisations' and other connections' apps", async () => {
    const viewer = await token("VIEWER");
    const ok = await get(viewer, `/api/v1/apps/${s.alpha.id}/analytics?${q}`);
    expect(ok.status, ok.text).toBe(200);
    expect(JSON.parse(ok.text).totals.impressions).toBe(1800);
    expect((await get(await token("SUPPORT"), `/api/v1/apps/${s.alpha.id}/analytics?${q}`)).status).toBe(403);
    const foreign = await get(viewer, `/api/v1/apps/${s.gamma.id}/analytics?${q}`);
    expect(foreign.status).toBe(404);
    // A token limited to Client B sees Beta alone.
    const limited = await token("VIEWER", [s.b.id]);
    expect((await get(limited, `/api/v1/apps/${s.alpha.id}/analytics?${q}`)).status).toBe(404);
    const across = JSON.parse((await get(limited, `/api/v1/analytics?${q}`)).text);
    expect(across.apps.map((a: { appName: string }) => a.appName)).toEqual(["Beta"]);
  });

  it("refuses a bad query naming the field", async () => {
    const owner = await token("ADMIN");
    const bad = async (query: string) => JSON.parse((await get(owner, `/api/v1/apps/${s.alpha.id}/analytics?${query}`)).text).error;
    expect(await bad("from=2026-13-01")).toMatchObject({ code: "validation", field: "from" });
    expect(await bad(`${q}&granularity=year`)).toMatchObject({ code: "validation", field: "granularity" });
    expect(await bad(`${q}&format=csv&table=apps`)).toMatchObject({ code: "validation", field: "table" });
    expect(await bad("from=2026-11-20&to=2026-11-01")).toMatchObject({ code: "validation", field: "from" });
    expect((await get(owner, `/api/v1/apps/${s.alpha.id}/analytics?${q}&granularity=year`)).status).toBe(422);
  });

  it("gives each table as CSV", async () => {
    const owner = await token("ADMIN");
    const territory = await get(owner, `/api/v1/apps/${s.alpha.id}/analytics?${q}&format=csv&table=territory`);
    expect(territory.type).toContain("text/csv");
    const lines = territory.text.trim().split("\r\n");
    expect(lines[0]).toBe("territory,impressions,productPageViews,firstTimeDownloads,redownloads,installations,deletions,pageViewRate,conversionRate,pageConversion");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual(["US,1200,240,60", "DE,600,120,24"]);
    const series = (await get(owner, `/api/v1/apps/${s.alpha.id}/analytics?${q}&format=csv&table=series&granularity=week`)).text.trim().split("\r\n");
    expect(series.map((l) => [l.split(",")[0], l.split(",").at(-1)])).toEqual([["week (Monday)", "final"], ["2026-11-02", "false"], ["2026-11-09", "false"]]);
    const apps = (await get(owner, `/api/v1/analytics?${q}&format=csv&table=apps`)).text.trim().split("\r\n");
    expect(apps.slice(1).map((l) => l.split(",").slice(1, 3).join(","))).toEqual(["Alpha,1800", "Beta,140"]);
  });
});

describe("ranges of whole months", () => {
  // Three facts a day from 20 Aug to 15 Nov 2026, their counts changing with the day.
  const FROM = "2026-08-20";
  const TO = "2026-11-15";
  const factsOn = (day: string): Fact[] => {
    const n = Number(day.slice(8, 10));
    return [
      { ...US, counts: [n, 1, n % 3, 0, 1, 0] },
      { ...DE, counts: [100, 2, 1, 1, 0, 1] },
      { territory: "JP", sourceType: "App Store search", pageType: "Product page", device: "iPad", counts: [7 + (n % 5), 3, 2, 0, 2, 0] },
    ];
  };
  /** The sums the view must show, added up here from the days themselves. */
  const expected = (r: { from: string; to: string }, keep: (f: Fact) => boolean = () => true) => {
    const out = Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<(typeof METRICS)[number], number>;
    for (const day of days(r.from, r.to)) {
      if (day < FROM || day > TO) continue;
      for (const f of factsOn(day).filter(keep)) METRICS.forEach((m, i) => (out[m] += f.counts[i]));
    }
    return out;
  };
  let delta: SeededApp;
  let ctx: Awaited<ReturnType<typeof contextFor>>;

  beforeAll(async () => {
    const { org, members } = await makeOrgWithRoles("analytics-months");
    const c = await makeConnection(org.id, members.OWNER.id, { name: "Months" });
    delta = await makeSyncedApp({ organizationId: org.id, connectionId: c.id }, { appleId: "4001", name: "Delta", bundleId: "com.example.delta", sku: "DELTA" });
    await store(delta, factsOn, days(FROM, TO));
    ctx = await contextFor(org.id, members.OWNER.id);
  });

  it("gives the same figures whether a range is read by day, by whole month, or both", async () => {
    for (const r of [
      { from: "2026-08-25", to: "2026-11-10" }, // two whole months and the days at either end
      { from: "2026-09-01", to: "2026-10-31" }, // whole months alone
      { from: "2026-09-30", to: "2026-11-01" }, // one whole month between two single days
    ]) {
      const v = await appAnalytics(ctx, delta.id, appQuery(r));
      expect(v.totals).toMatchObject(expected(r));
      expect(v.previousTotals).toMatchObject(expected(v.previous));
      const sumOfSeries = v.series.reduce((a, p) => a + p.impressions, 0);
      expect(sumOfSeries).toBe(v.totals.impressions);
      expect(v.breakdowns.territory.map((t) => [t.value, t.impressions])).toEqual(
        (["US", "DE", "JP"] as const)
          .map((t) => [t, expected(r, (f) => f.territory === t).impressions] as [string, number])
          .sort((a, b) => b[1] - a[1]),
      );
      expect(v.breakdowns.device.find((d) => d.value === "iPad")).toMatchObject(expected(r, (f) => f.device === "iPad"));
    }
  });

  it("narrows whole months to one filter and to two, from the monthly sums and facts", async () => {
    const r = { from: "2026-08-25", to: "2026-11-10" };
    const search = await appAnalytics(ctx, delta.id, appQuery({ ...r, sourceType: "App Store search" }));
    expect(search.totals).toMatchObject(expected(r, (f) => f.sourceType === "App Store search"));
    expect(search.previousTotals).toMatchObject(expected(search.previous, (f) => f.sourceType === "App Store search"));
    expect(search.breakdowns.territory.map((t) => t.value).sort()).toEqual(["JP", "US"]);
    expect(search.breakdowns.territory.find((t) => t.value === "JP")).toMatchObject(expected(r, (f) => f.territory === "JP"));

    const japanOnIpad = await appAnalytics(ctx, delta.id, appQuery({ ...r, territory: "JP", device: "iPad" }));
    expect(japanOnIpad.totals).toMatchObject(expected(r, (f) => f.territory === "JP" && f.device === "iPad"));
    expect(japanOnIpad.breakdowns.sourceType).toMatchObject([{ value: "App Store search", ...expected(r, (f) => f.territory === "JP") }]);
  });
});
