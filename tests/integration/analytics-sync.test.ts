import { createPrivateKey } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { ANALYTICS_FINAL_AFTER_DAYS, ANALYTICS_REPORTS, METRICS, type Metric } from "@/lib/analytics/constants";
import { analyticsStatus } from "@/lib/analytics/status-operations";
import { testConnection } from "@/lib/connections/test-connection";
import { signAscJwt } from "@/lib/asc/jwt";
import { db } from "@/lib/db/client";
import { schedulerId } from "@/lib/jobs/connection-schedules";
import { syncQueue } from "@/lib/jobs/queues";
import { requestSync } from "@/lib/sync/requests";
import type { SimRole } from "../asc-sim/auth";
import { AscSimulator } from "../asc-sim/server";
import { pinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { simConnection } from "./support/sim-connection";
import { prepareSyncEnv, runEnded, withSimulatorAndWorkers } from "./support/sync-env";

/**
 * The analytics sync against the simulator's Analytics Reports API: what it stores equals
 * what the simulator's files say (each day from the newest instance that restates it), a
 * second sync downloads nothing again, and the request lifecycle (Admin-only requests,
 * stopped requests renewed, a snapshot for history) ends in the state and words a person reads.
 */
const port = await prepareSyncEnv("analytics");
const SEED = 47;
const SIZES = { apps: 3, reviewsPerApp: 1 };
const sim = new AscSimulator({ seed: SEED, sizes: SIZES });
/** A Monday, after Apple's daily publication hour (06:00 UTC in the simulator). */
const T0 = "2026-11-02T10:00:00Z";
const HISTORY_DAYS = 40;

withSimulatorAndWorkers(sim, port);

type Conn = Awaited<ReturnType<typeof simConnection>>;
/** Each connection's own simulated account. */
const accounts = new Map<string, ReturnType<typeof sim.addTeam>>();

async function configure(c: Record<string, number>) {
  const res = await fetch(`${sim.url}/__sim/analytics/config`, { method: "POST", body: JSON.stringify(c) });
  expect(res.status).toBe(200);
}

beforeEach(async () => {
  pinClocks(sim, T0);
  await configure({ firstDataMinHours: 0, firstDataMaxHours: 0, completeAfterDays: 3, inactivityDays: 60, historyDays: HISTORY_DAYS, clockShiftDays: 0 });
});

/** A connection with its own simulated account of three apps. */
async function analyticsConnection(role: SimRole = "ADMIN") {
  const conn = await simConnection(sim, role);
  const account = sim.addTeam(conn.issuerId, { seed: SEED, sizes: SIZES });
  accounts.set(conn.id, account);
  const ctx = await contextFor(conn.organizationId, conn.ownerId);
  return { conn, ctx, account };
}

async function syncAnalytics(ctx: Awaited<ReturnType<typeof contextFor>>, connectionId: string) {
  const { runId } = await requestSync(ctx, connectionId, { kind: "ANALYTICS" });
  return runEnded(runId, 120_000);
}

const totalRequests = () => Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);
const teamApps = (conn: Conn) => accounts.get(conn.id)!.apps;

/** Apple's API read directly with the connection's key, as a script would. */
async function api<T>(conn: Conn, path: string): Promise<T> {
  const iat = Math.floor(sim.now() / 1000) - 60;
  const token = signAscJwt(createPrivateKey(conn.pair.privateKey), conn.keyId, { iss: conn.issuerId, iat, exp: iat + 1200, aud: "appstoreconnect-v1" });
  const res = await fetch(path.startsWith("http") ? path : `${sim.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}
type Doc = { id: string; attributes: Record<string, string> };
async function all(conn: Conn, path: string): Promise<Doc[]> {
  const out: Doc[] = [];
  for (let next: string | undefined = path; next; ) {
    const page: { data: Doc[]; links: { next?: string } } = await api(conn, next);
    out.push(...page.data);
    next = page.links.next;
  }
  return out;
}

type Sums = Record<Metric, number>;
const zero = (): Sums => Object.fromEntries(METRICS.map((m) => [m, 0])) as Sums;

/**
 * What the simulator's files hold for each app and day: every DAILY instance of every
 * request downloaded and read by header, each (report, day) taken from the instance with
 * the newest processing date that has rows for it.
 */
async function expectedFromFiles(conn: Conn): Promise<Map<string, Map<string, Sums>>> {
  const out = new Map<string, Map<string, Sums>>();
  for (const app of teamApps(conn)) {
    const requests = await all(conn, `/v1/apps/${app.id}/analyticsReportRequests?limit=200`);
    // (kind, day) → newest processing date and its counts by metric
    const best = new Map<string, { processingDate: string; sums: Sums }>();
    for (const request of requests) {
      for (const [kind, report] of Object.entries(ANALYTICS_REPORTS)) {
        const reports = await all(conn, `/v1/analyticsReportRequests/${request.id}/reports?filter[name]=${encodeURIComponent(report.name)}`);
        for (const r of reports) {
          for (const inst of await all(conn, `/v1/analyticsReports/${r.id}/instances?limit=200&filter[granularity]=DAILY`)) {
            const byDay = new Map<string, Sums>();
            for (const seg of await all(conn, `/v1/analyticsReportInstances/${inst.id}/segments`)) {
              const file = await fetch(seg.attributes.url);
              expect(file.status).toBe(200);
              const [head, ...lines] = gunzipSync(Buffer.from(await file.arrayBuffer())).toString("utf8").trimEnd().split("\n");
              const cols = head.split("\t");
              const at = (name: string) => cols.indexOf(name);
              const eventCol = at("Event") >= 0 ? at("Event") : at("Download Type");
              for (const line of lines) {
                const cells = line.split("\t");
                const metric = (report.events as Record<string, Metric>)[cells[eventCol]];
                if (!metric) continue;
                const day = cells[at("Date")];
                const sums = byDay.get(day) ?? zero();
                sums[metric] += Number(cells[at("Counts")]);
                byDay.set(day, sums);
              }
            }
            for (const [day, sums] of byDay) {
              const key = `${kind}|${day}`;
              const had = best.get(key);
              if (!had || had.processingDate <= inst.attributes.processingDate) best.set(key, { processingDate: inst.attributes.processingDate, sums });
            }
          }
        }
      }
    }
    const days = new Map<string, Sums>();
    for (const [key, { sums }] of best) {
      const day = key.split("|")[1];
      const into = days.get(day) ?? zero();
      for (const m of METRICS) into[m] += sums[m];
      days.set(day, into);
    }
    // A day whose counts are all zero has no stored rows.
    for (const [day, sums] of days) if (METRICS.every((m) => sums[m] === 0)) days.delete(day);
    out.set(app.id, days);
  }
  return out;
}

/**
 * What the database holds per Apple app id: fact sums by day, the "all" rollup by day, and by
 * month the "all" rollup and the monthly facts.
 */
async function stored(conn: Conn) {
  const apps = await db.syncedApp.findMany({ where: { organizationId: conn.organizationId, connectionId: conn.id }, select: { id: true, appleId: true } });
  const facts = new Map<string, Map<string, Sums>>();
  const daily = new Map<string, Map<string, Sums>>();
  const monthly = new Map<string, Map<string, Sums>>();
  const monthFacts = new Map<string, Map<string, Sums>>();
  const sumsBy = async (table: string, key: string, appId: string, where = "TRUE") => {
    const cols = METRICS.map((m) => `sum("${m}")::int AS "${m}"`).join(", ");
    const rows = await db.$queryRawUnsafe<({ key: string } & Sums)[]>(
      `SELECT ${key} AS key, ${cols} FROM "${table}" WHERE "organizationId" = $1 AND "appId" = $2 AND ${where} GROUP BY 1 ORDER BY 1`,
      conn.organizationId,
      appId,
    );
    return new Map(rows.map(({ key, ...s }) => [key, s as Sums]));
  };
  for (const app of apps) {
    facts.set(app.appleId, await sumsBy("AnalyticsFact", `"date"::text`, app.id));
    daily.set(app.appleId, await sumsBy("AnalyticsDaily", `"date"::text`, app.id, `"dim" = 'all'`));
    monthly.set(app.appleId, await sumsBy("AnalyticsMonthly", `to_char("date", 'YYYY-MM')`, app.id, `"dim" = 'all'`));
    monthFacts.set(app.appleId, await sumsBy("AnalyticsMonthFact", `to_char("date", 'YYYY-MM')`, app.id));
  }
  const counts = {
    facts: await db.analyticsFact.count({ where: { organizationId: conn.organizationId } }),
    daily: await db.analyticsDaily.count({ where: { organizationId: conn.organizationId } }),
    days: await db.analyticsDay.count({ where: { organizationId: conn.organizationId } }),
    instances: await db.analyticsInstance.count({ where: { organizationId: conn.organizationId } }),
  };
  return { facts, daily, monthly, monthFacts, counts };
}

/** Days' sums added up by month. */
function byMonth(m: Map<string, Map<string, Sums>>) {
  const out = new Map<string, Map<string, Sums>>();
  for (const [app, days] of m) {
    const months = new Map<string, Sums>();
    for (const [day, sums] of days) {
      const acc = months.get(day.slice(0, 7)) ?? (Object.fromEntries(METRICS.map((k) => [k, 0])) as Sums);
      for (const k of METRICS) acc[k] += sums[k];
      months.set(day.slice(0, 7), acc);
    }
    out.set(app, months);
  }
  return out;
}

const sorted = (m: Map<string, Map<string, Sums>>) => [...m].sort(([a], [b]) => a.localeCompare(b)).map(([app, days]) => [app, [...days].sort(([a], [b]) => a.localeCompare(b))]);

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe("analytics sync", () => {
  it("stores exactly what Apple's daily files say, newest processing date winning, and a second sync downloads nothing", async () => {
    const { conn, ctx, account } = await analyticsConnection("ADMIN");
    const first = await syncAnalytics(ctx, conn.id);
    expect(first).toMatchObject({ status: "SUCCEEDED", itemsTotal: 3, itemsFailed: 0 });
    // A snapshot for history and the ongoing request, per app.
    const requests = account.analytics.requests;
    expect(requests.map((r) => r.accessType).sort()).toEqual(["ONE_TIME_SNAPSHOT", "ONE_TIME_SNAPSHOT", "ONE_TIME_SNAPSHOT", "ONGOING", "ONGOING", "ONGOING"]);
    const afterFirst = await stored(conn);
    // The snapshot carries HISTORY_DAYS days before its processing date.
    for (const days of afterFirst.facts.values()) expect([...days.keys()].sort()[0]).toBe(addDays("2026-11-02", -HISTORY_DAYS));

    // A month of Apple's days passes.
    await configure({ clockShiftDays: 30 });
    const second = await syncAnalytics(ctx, conn.id);
    expect(second).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    // Per app: 3 snapshot instances + 31 daily instances of each of the 3 reports.
    expect(await db.analyticsInstance.count({ where: { organizationId: conn.organizationId } })).toBe(3 * (3 + 3 * 31));

    const expected = await expectedFromFiles(conn);
    const got = await stored(conn);
    expect(sorted(got.facts)).toEqual(sorted(expected));
    expect(sorted(got.daily)).toEqual(sorted(expected));
    // The months the pages read whole ranges from, restated days included.
    expect(sorted(got.monthly)).toEqual(sorted(byMonth(expected)));
    expect(sorted(got.monthFacts)).toEqual(sorted(byMonth(expected)));
    expect(got.monthly.get([...got.monthly.keys()][0])!.size).toBeGreaterThanOrEqual(3);
    for (const days of expected.values()) {
      const list = [...days.keys()].sort();
      expect(list[0]).toBe(addDays("2026-11-02", -HISTORY_DAYS));
      expect(list.at(-1)).toBe("2026-12-01");
    }

    // Days within ANALYTICS_FINAL_AFTER_DAYS of the newest processing date are not final yet.
    const dayRows = await db.analyticsDay.findMany({ where: { organizationId: conn.organizationId } });
    for (const d of dayRows) expect(d.final).toBe(d.processingDate.getTime() - d.date.getTime() >= ANALYTICS_FINAL_AFTER_DAYS * 86_400_000);
    const notFinal = [...new Set(dayRows.filter((d) => !d.final).map((d) => d.date.toISOString().slice(0, 10)))].sort();
    expect(notFinal).toEqual(["2026-11-30", "2026-12-01"]);

    const status = await analyticsStatus(ctx);
    expect(status.apps).toHaveLength(3);
    for (const a of status.apps) expect(a).toMatchObject({ status: "ACTIVE", statusReason: null, latestDate: "2026-12-01", words: "Apple's daily reports are arriving; the newest day stored is 1 Dec 2026." });

    // Again: nothing new at Apple, nothing downloaded, nothing changed. Per app: the ONGOING list, its reports, and each report's instances (one page).
    const downloads = sim.analyticsOrigin.downloads;
    const before = totalRequests();
    const third = await syncAnalytics(ctx, conn.id);
    expect(third).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0, created: 0, fetched: 0 });
    expect(totalRequests() - before).toBe(3 * (1 + 1 + 3));
    expect(sim.analyticsOrigin.downloads).toBe(downloads);
    expect(await stored(conn)).toEqual(got);

    // Stored again by force (its record deleted): the newest and an older instance are downloaded again; nothing changes.
    const engagement = await db.analyticsInstance.findMany({ where: { organizationId: conn.organizationId, kind: "ENGAGEMENT" }, orderBy: { processingDate: "asc" } });
    const again = [engagement.at(-1)!, engagement[Math.floor(engagement.length / 2)]];
    await db.analyticsInstance.deleteMany({ where: { id: { in: again.map((i) => i.id) } } });
    const fourth = await syncAnalytics(ctx, conn.id);
    expect(fourth).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0, created: 2 });
    expect(sim.analyticsOrigin.downloads).toBe(downloads + 2);
    expect(await stored(conn)).toEqual(got);
  }, 240_000);

  it("a file whose MD5 differs from Apple's checksum is not stored; the item is tried again and stores it whole", async () => {
    const { conn, ctx } = await analyticsConnection("ADMIN");
    // The first file handed out arrives altered (a valid gzip, other bytes): its MD5 no longer matches.
    const origin = sim.analyticsOrigin;
    const register = origin.register.bind(origin);
    let altered = 0;
    origin.register = (name, entry) => {
      if (altered > 0) return register(name, entry);
      altered++;
      return register(name, { ...entry, bytes: () => gzipSync(gunzipSync(entry.bytes()).toString("utf8").replace(/\t(\d+)\n/, "\t999999\n")) });
    };
    try {
      const run = await syncAnalytics(ctx, conn.id);
      expect(run).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
      expect(run.retries).toBeGreaterThanOrEqual(1);
      expect(run.lastRetryError).toMatch(/cut short or unreadable/);
    } finally {
      origin.register = register;
    }
    const got = await stored(conn);
    expect(sorted(got.facts)).toEqual(sorted(await expectedFromFiles(conn)));
    for (const days of got.facts.values()) for (const sums of days.values()) expect(sums.impressions).toBeLessThan(999999);
  }, 120_000);

  it("a Sales key cannot ask Apple for reports: the app needs an Admin, in words", async () => {
    const { conn, ctx, account } = await analyticsConnection("SALES");
    const run = await syncAnalytics(ctx, conn.id);
    expect(run).toMatchObject({ status: "SUCCEEDED", itemsTotal: 3, itemsFailed: 0 });
    expect(account.analytics.requests).toEqual([]);
    const status = await analyticsStatus(ctx);
    expect(status.apps.map((a) => a.status)).toEqual(["NEEDS_ADMIN", "NEEDS_ADMIN", "NEEDS_ADMIN"]);
    for (const a of status.apps) {
      expect(a.words).toMatch(/only after an Admin key has asked for them once per app/);
      expect(a.statusReason).toBe(a.words);
    }
    expect(await db.analyticsFact.count({ where: { organizationId: conn.organizationId } })).toBe(0);
  }, 120_000);

  it("the connection test says which keys may read analytics; those get a daily analytics sync at 07:30 UTC", async () => {
    const admin = await analyticsConnection("ADMIN");
    const checked = await testConnection(admin.ctx, admin.conn.id);
    expect(checked.capabilities.analytics).toMatchObject({ state: "works" });
    const schedule = await syncQueue().getJobScheduler(schedulerId(admin.conn.id, "analytics"));
    expect(schedule).toMatchObject({ pattern: "30 7 * * *", tz: "UTC" });
    expect(schedule?.template?.data).toEqual({ organizationId: admin.conn.organizationId, connectionId: admin.conn.id, trigger: "schedule" });

    const manager = await analyticsConnection("APP_MANAGER");
    const refused = await testConnection(manager.ctx, manager.conn.id);
    expect(refused.capabilities.analytics).toMatchObject({ state: "not_allowed", roles: "Admin, Sales and Reports, or Finance" });
    expect(refused.capabilities.analytics?.reason).toMatch(/may not use analytics reports \(403\)/);
    expect(await syncQueue().getJobScheduler(schedulerId(manager.conn.id, "analytics"))).toBeFalsy();
    // Asked anyway: the run fails with the same words and the app says it has no access.
    const run = await syncAnalytics(manager.ctx, manager.conn.id);
    expect(run).toMatchObject({ status: "FAILED", itemsFailed: 3 });
    expect(run.error).toMatch(/may not use analytics reports \(403\)/);
    for (const a of (await analyticsStatus(manager.ctx)).apps) expect(a).toMatchObject({ status: "NO_ACCESS", words: expect.stringMatching(/may not read analytics reports \(403\)/) });
  }, 120_000);

  it("waits for Apple's first reports after the request, and says when it was made", async () => {
    await configure({ firstDataMinHours: 24, firstDataMaxHours: 24 });
    const { conn, ctx } = await analyticsConnection("ADMIN");
    expect(await syncAnalytics(ctx, conn.id)).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    const status = await analyticsStatus(ctx);
    for (const a of status.apps) {
      expect(a).toMatchObject({ status: "WAITING_FOR_DATA", latestDate: null });
      expect(a.words).toMatch(/^Waiting for Apple's first reports: they arrive 24 to 48 hours after the request made on 2 Nov 2026 10:0\d UTC\.$/);
    }
  }, 120_000);

  it("renews a request Apple stopped for inactivity, keeping what it published before it stopped", async () => {
    await configure({ inactivityDays: 2 });
    const { conn, ctx, account: sims } = await analyticsConnection("ADMIN");
    expect(await syncAnalytics(ctx, conn.id)).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    const states = async () => db.analyticsAppState.findMany({ where: { organizationId: conn.organizationId }, orderBy: { appId: "asc" } });
    const firstIds = (await states()).map((s) => s.ongoingRequestId);

    // Five of Apple's days without a read: the request stopped after two.
    await configure({ clockShiftDays: 5 });
    const account = sims.analytics;
    expect(await syncAnalytics(ctx, conn.id)).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    const after = await states();
    for (const [i, s] of after.entries()) {
      expect(s.status).toBe("ACTIVE");
      expect(s.ongoingRequestId).not.toBe(firstIds[i]);
      expect(account.requests.find((r) => r.id === s.ongoingRequestId)?.accessType).toBe("ONGOING");
    }
    expect(account.requests.filter((r) => r.accessType === "ONGOING")).toHaveLength(6);
    // Daily instances up to the stop (processing dates 2 and 3 Nov, then 4 Nov if published before it), and the renewed request's first on 7 Nov.
    const dates = await db.analyticsInstance.findMany({ where: { organizationId: conn.organizationId, kind: "DOWNLOADS" }, select: { processingDate: true }, distinct: ["processingDate"], orderBy: { processingDate: "asc" } });
    const list = dates.map((d) => d.processingDate.toISOString().slice(0, 10));
    expect(list[0]).toBe("2026-11-02");
    expect(list.at(-1)).toBe("2026-11-07");
  }, 180_000);
});
