import { createHash, createPrivateKey } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signAscJwt } from "@/lib/asc/jwt";
import type { SimRole } from "../asc-sim/auth";
import { AscSimulator } from "../asc-sim/server";
import { trafficOf } from "../asc-sim/analytics-traffic";
import { ascKeyPair, issuerId, keyId } from "./support/keys";

/**
 * The simulator's Analytics Reports API, driven with plain fetch: report requests and their
 * lifecycle, reports by category, instances appearing on Apple's clock, segments on the
 * download origin, and the generated traffic reacting to a keyword change.
 */
const SEED = 31;
const sim = new AscSimulator({ seed: SEED, sizes: { apps: 2, reviewsPerApp: 1 } });
const iss = issuerId();
const ROLES: SimRole[] = ["ADMIN", "SALES", "FINANCE", "APP_MANAGER", "DEVELOPER", "MARKETING", "CUSTOMER_SUPPORT"];
const keys = new Map(ROLES.map((role) => [role, { kid: keyId(), pair: ascKeyPair() }]));
/** A Monday; every test starts here on Apple's clock. */
const T0 = Date.parse("2026-11-02T10:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  await sim.listen();
  for (const [role, k] of keys) sim.registerKey({ issuerId: iss, keyId: k.kid, publicKey: k.pair.publicKey, role });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: "POST", body: JSON.stringify({ seed: SEED, sizes: { apps: 2, reviewsPerApp: 1 } }) });
  setClock(T0);
});

const setClock = (ms: number) => void (sim.clockOffsetMs = ms - Date.now());
const advance = (ms: number) => void (sim.clockOffsetMs += ms);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => day(Date.parse(`${d}T00:00:00Z`) + n * DAY);

type Doc = { type: string; id: string; attributes: Record<string, string> };
type Answer = { status: number; body: { data: Doc & Doc[]; links: { next?: string }; errors: { code: string; detail: string; source?: { parameter?: string } }[] } };

async function api(method: string, path: string, body?: unknown, role: SimRole = "ADMIN"): Promise<Answer> {
  const k = keys.get(role)!;
  const iat = Math.floor(sim.now() / 1000) - 60;
  const token = signAscJwt(createPrivateKey(k.pair.privateKey), k.kid, { iss, iat, exp: iat + 1200, aud: "appstoreconnect-v1" });
  const res = await fetch(`${sim.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const appId = () => sim.state.apps[0].id;
const createRequest = (accessType: string, role: SimRole = "ADMIN", app = appId()) =>
  api("POST", "/v1/analyticsReportRequests", { data: { type: "analyticsReportRequests", attributes: { accessType }, relationships: { app: { data: { type: "apps", id: app } } } } }, role);

async function reportIdOf(requestId: string, name: string) {
  const list = await api("GET", `/v1/analyticsReportRequests/${requestId}/reports?filter[name]=${encodeURIComponent(name)}`);
  return list.body.data[0].id;
}
const instances = async (reportId: string, query = "filter[granularity]=DAILY", role: SimRole = "ADMIN") => (await api("GET", `/v1/analyticsReports/${reportId}/instances?limit=200&${query}`, undefined, role)).body.data;
const segments = async (instanceId: string, role: SimRole = "ADMIN") => (await api("GET", `/v1/analyticsReportInstances/${instanceId}/segments`, undefined, role)).body.data;

/** A segment's file, unzipped and read by column name. */
async function rowsOf(url: string): Promise<Record<string, string>[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const [head, ...lines] = gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8").trimEnd().split("\n");
  const cols = head.split("\t");
  return lines.map((l) => Object.fromEntries(l.split("\t").map((v, i) => [cols[i], v])));
}
const sum = (rows: Record<string, string>[], pick: (r: Record<string, string>) => boolean) => rows.filter(pick).reduce((n, r) => n + Number(r.Counts), 0);

describe("the simulator's Analytics Reports API", () => {
  it("lets only an Admin key create a report request; Sales and Finance keys read reports, other roles get 403", async () => {
    for (const role of ROLES.filter((r) => r !== "ADMIN")) {
      const refused = await createRequest("ONGOING", role);
      expect(refused.status, role).toBe(403);
      expect(refused.body.errors[0].code).toBe("FORBIDDEN_ERROR");
    }
    const created = await createRequest("ONGOING");
    expect(created.status).toBe(201);
    expect(created.body.data.attributes).toEqual({ accessType: "ONGOING", stoppedDueToInactivity: false });
    for (const role of ROLES) {
      const read = await api("GET", `/v1/analyticsReportRequests/${created.body.data.id}/reports`, undefined, role);
      expect(read.status, role).toBe(["ADMIN", "SALES", "FINANCE"].includes(role) ? 200 : 403);
    }
    expect((await api("DELETE", `/v1/analyticsReportRequests/${created.body.data.id}`, undefined, "SALES")).status).toBe(403);
  });

  it("keeps one ONGOING request per app (a second is 409), a snapshot about once every 31 days, and forgets a deleted request", async () => {
    const ongoing = await createRequest("ONGOING");
    const again = await createRequest("ONGOING");
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ code: "STATE_ERROR", detail: "You already have such an entity" });
    expect((await createRequest("ONGOING", "ADMIN", sim.state.apps[1].id)).status).toBe(201);
    const snapshot = await createRequest("ONE_TIME_SNAPSHOT");
    expect(snapshot.status).toBe(201);
    const list = await api("GET", `/v1/apps/${appId()}/analyticsReportRequests?filter[accessType]=ONGOING`, undefined, "FINANCE");
    expect(list.body.data.map((r) => r.id)).toEqual([ongoing.body.data.id]);
    expect((await api("GET", `/v1/apps/${appId()}/analyticsReportRequests?filter[accessType]=WEEKLY`)).body.errors[0].source?.parameter).toBe("filter[accessType]");
    expect((await api("GET", `/v1/analyticsReportRequests/${snapshot.body.data.id}`)).body.data.attributes.accessType).toBe("ONE_TIME_SNAPSHOT");

    expect((await api("DELETE", `/v1/analyticsReportRequests/${snapshot.body.data.id}`)).status).toBe(204);
    expect((await api("GET", `/v1/analyticsReportRequests/${snapshot.body.data.id}`)).status).toBe(404);
    // A deleted snapshot still counts against the 31 days.
    expect((await createRequest("ONE_TIME_SNAPSHOT")).status).toBe(409);
    advance(31 * DAY + HOUR);
    expect((await createRequest("ONE_TIME_SNAPSHOT")).status).toBe(201);
  });

  it("lists a request's reports by category and name; a category outside Apple's enum is 400", async () => {
    const id = (await createRequest("ONGOING")).body.data.id;
    const engagement = await api("GET", `/v1/analyticsReportRequests/${id}/reports?filter[category]=APP_STORE_ENGAGEMENT`);
    expect(engagement.body.data.map((r) => r.attributes.name)).toContain("App Store Discovery and Engagement Standard");
    expect(engagement.body.data.every((r) => r.attributes.category === "APP_STORE_ENGAGEMENT")).toBe(true);
    const commerce = await api("GET", `/v1/analyticsReportRequests/${id}/reports?filter[category]=COMMERCE`);
    expect(commerce.body.data.map((r) => r.attributes.name)).toContain("App Downloads Standard");
    expect((await api("GET", `/v1/analyticsReportRequests/${id}/reports?filter[category]=SALES`)).status).toBe(400);
  });

  it("publishes the first instances 24 to 48 hours after the request: daily, weekly on Fridays, monthly on the fifth", async () => {
    const id = (await createRequest("ONGOING")).body.data.id;
    const report = await reportIdOf(id, "App Store Discovery and Engagement Standard");
    advance(24 * HOUR - 60_000);
    expect(await instances(report, "")).toEqual([]);
    advance(24 * HOUR + 60_000);
    const first = await instances(report, "");
    expect(first.length).toBeGreaterThan(0);
    expect(first[0].attributes).toMatchObject({ granularity: "DAILY" });
    expect(first[0].attributes.processingDate >= day(T0 + DAY)).toBe(true);
    advance(8 * DAY);
    const all = await instances(report, "");
    const weekly = all.filter((i) => i.attributes.granularity === "WEEKLY");
    expect(weekly.map((i) => new Date(`${i.attributes.processingDate}T00:00:00Z`).getUTCDay())).toEqual([5]);
    const byDate = await instances(report, `filter[processingDate]=${weekly[0].attributes.processingDate}`);
    expect(byDate.map((i) => i.attributes.granularity).sort()).toEqual(["DAILY", "WEEKLY"]);
    // Reading every few days keeps the request from stopping.
    advance(12 * DAY);
    await instances(report);
    advance(13 * DAY);
    expect((await instances(report, "filter[granularity]=MONTHLY")).map((i) => i.attributes.processingDate)).toEqual(["2026-11-05", "2026-12-05"]);
  });

  it("gives each segment the MD5 of its gzip bytes as checksum and their length as size, with Apple's column names", async () => {
    const id = (await createRequest("ONGOING")).body.data.id;
    advance(3 * DAY);
    for (const [name, columns] of [
      ["App Store Discovery and Engagement Standard", ["Date", "App Name", "App Apple Identifier", "Event", "Page Type", "Source Type", "Engagement Type", "Device", "Platform Version", "Territory", "Counts"]],
      ["App Downloads Standard", ["Date", "App Name", "App Apple Identifier", "Download Type", "App Version", "Device", "Platform Version", "Source Type", "Page Type", "Pre-Order", "Territory", "Counts"]],
      ["App Store Installation and Deletion Standard", ["Date", "App Name", "App Apple Identifier", "Event", "App Version", "Device", "Platform Version", "Source Type", "Page Type", "Territory", "Counts"]],
    ] as const) {
      const [inst] = await instances(await reportIdOf(id, name));
      const [seg] = await segments(inst.id);
      const bytes = Buffer.from(await (await fetch(seg.attributes.url)).arrayBuffer());
      expect(seg.attributes.checksum).toBe(createHash("md5").update(bytes).digest("hex"));
      expect(seg.attributes.sizeInBytes).toBe(bytes.length);
      expect(gunzipSync(bytes).toString("utf8").split("\n")[0].split("\t")).toEqual(columns);
      expect((await api("GET", `/v1/analyticsReportSegments/${seg.id}`, undefined, "SALES")).body.data.attributes.checksum).toBe(seg.attributes.checksum);
    }
  });

  it("serves segment files on a separate origin that refuses an Authorization header and URLs older than five minutes", async () => {
    const id = (await createRequest("ONGOING")).body.data.id;
    advance(3 * DAY);
    const [inst] = await instances(await reportIdOf(id, "App Downloads Standard"));
    const [seg] = await segments(inst.id);
    expect(new URL(seg.attributes.url).origin).not.toBe(new URL(sim.url).origin);
    expect((await fetch(seg.attributes.url, { headers: { authorization: "Bearer a.b.c" } })).status).toBe(400);
    expect((await fetch(seg.attributes.url)).status).toBe(200);
    advance(5 * 60_000 + 1000);
    const expired = await fetch(seg.attributes.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("Request has expired");
  });

  it("sends recent days partial, growing until final, leaves out rows under the privacy threshold, and matches the traffic totals once final", async () => {
    const id = (await createRequest("ONGOING")).body.data.id;
    const report = await reportIdOf(id, "App Downloads Standard");
    advance(12 * DAY);
    const daily = await instances(report);
    const files = new Map<string, Record<string, string>[]>();
    for (const i of daily) files.set(i.attributes.processingDate, (await Promise.all((await segments(i.id)).map((s) => rowsOf(s.attributes.url)))).flat());
    const processing = [...files.keys()].sort();
    const target = addDays(processing[0], 0);
    // The same day in three successive instances: partial, more, final.
    const seen = [1, 2, 3].map((age) => sum(files.get(addDays(target, age)) ?? [], (r) => r.Date === target && r["Download Type"] === "First-time download"));
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(seen[1]);
    expect(seen[1]).toBeLessThan(seen[2]);
    for (const rows of files.values()) for (const r of rows) expect(Number(r.Counts)).toBeGreaterThanOrEqual(5);

    // The latest instance carrying a day replaces earlier ones; final days equal the totals.
    const finalDays = processing.map((p) => addDays(p, -3));
    const totals = await (await fetch(`${sim.url}/__sim/analytics/totals?appId=${appId()}&from=${finalDays[0]}&to=${finalDays.at(-1)}`)).json();
    for (const [i, d] of finalDays.entries()) {
      const rows = files.get(processing[i])!;
      const t = totals.days.find((x: { date: string }) => x.date === d);
      expect(sum(rows, (r) => r.Date === d && r["Download Type"] === "First-time download"), d).toBe(t.reported.firstTimeDownloads);
      expect(sum(rows, (r) => r.Date === d && r["Download Type"] === "Redownload"), d).toBe(t.reported.redownloads);
    }
    // Thresholding removes events: some small cells never reach a file.
    expect(totals.generated.redownloads).toBeGreaterThan(totals.reported.redownloads);
  });

  it("stops a request nobody read for 14 days: stoppedDueToInactivity, no new instances, and a new ONGOING request is taken", async () => {
    const id = (await createRequest("ONGOING")).body.data.id;
    const report = await reportIdOf(id, "App Store Discovery and Engagement Standard");
    advance(3 * DAY);
    const lastRead = day(sim.now());
    await instances(report);
    advance(13 * DAY);
    expect((await api("GET", `/v1/analyticsReportRequests/${id}`)).body.data.attributes.stoppedDueToInactivity).toBe(false);
    advance(2 * DAY);
    expect((await api("GET", `/v1/analyticsReportRequests/${id}`)).body.data.attributes.stoppedDueToInactivity).toBe(true);
    advance(5 * DAY);
    const dates = (await instances(report)).map((i) => i.attributes.processingDate);
    expect(dates.at(-1)! <= addDays(lastRead, 14)).toBe(true);
    expect((await createRequest("ONGOING")).status).toBe(201);
  });

  it("spreads traffic over as many territories as configured, for benchmarks", async () => {
    await fetch(`${sim.url}/__sim/analytics/config`, { method: "POST", body: JSON.stringify({ territoryCount: 175 }) });
    const id = (await createRequest("ONGOING")).body.data.id;
    advance(3 * DAY);
    const [inst] = await instances(await reportIdOf(id, "App Store Discovery and Engagement Standard"));
    const rows = (await Promise.all((await segments(inst.id)).map((s) => rowsOf(s.attributes.url)))).flat();
    expect(new Set(rows.map((r) => r.Territory)).size).toBe(175);
  });

  it("carries a snapshot's history in one daily instance, one segment per month", async () => {
    const id = (await createRequest("ONE_TIME_SNAPSHOT")).body.data.id;
    advance(2 * DAY);
    const list = await instances(await reportIdOf(id, "App Downloads Standard"));
    expect(list).toHaveLength(1);
    const segs = await segments(list[0].id);
    expect(segs.length).toBeGreaterThanOrEqual(3);
    const dates = new Set((await rowsOf(segs[0].attributes.url)).map((r) => r.Date.slice(0, 7)));
    expect(dates.size).toBe(1);
  });

  it("raises search conversion in a locale's territories from the day after a keyword PATCH, by the stated uplift", async () => {
    const loc = sim.state.versionLocs.find((l) => l.versionId === `${appId()}-v2` && l.locale === "de-DE")!;
    const patched = await api("PATCH", `/v1/appStoreVersionLocalizations/${loc.id}`, { data: { type: "appStoreVersionLocalizations", id: loc.id, attributes: { keywords: "notizen,sync,widget" } } });
    expect(patched.status).toBe(200);
    const effects = await (await fetch(`${sim.url}/__sim/analytics/effects`)).json();
    expect(effects.searchConversionUplift).toBe(0.2);
    expect(effects.changes).toEqual([expect.objectContaining({ appId: appId(), locale: "de-DE", effectiveFrom: addDays(day(T0), 1), territories: ["DE", "AT", "CH"] })]);
    expect(effects.changes[0].at.slice(0, 10)).toBe(day(T0));

    const app = sim.state.apps[0];
    const conv = (d: string, changes: typeof effects.changes, where: (c: { territory: string; sourceType: string }) => boolean) => {
      const cells = trafficOf(SEED, app, d, changes, { searchConversionUplift: 0.2 }).filter(where);
      return cells.reduce((n, c) => n + c.firstTimeDownloads, 0) / cells.reduce((n, c) => n + c.productPageViews, 0);
    };
    const german = (c: { territory: string; sourceType: string }) => ["DE", "AT", "CH"].includes(c.territory) && c.sourceType === "App Store search";
    const after = addDays(day(T0), 1);
    // Same day, same page views: only the change differs, so the ratio is the uplift (within rounding).
    expect(conv(after, effects.changes, german) / conv(after, [], german)).toBeCloseTo(1.2, 1);
    expect(conv(day(T0), effects.changes, german)).toBe(conv(day(T0), [], german));
    const elsewhere = (c: { territory: string; sourceType: string }) => !german(c);
    expect(conv(after, effects.changes, elsewhere)).toBe(conv(after, [], elsewhere));

    // The totals the simulator reports carry the change.
    const totals = await (await fetch(`${sim.url}/__sim/analytics/totals?appId=${appId()}&from=${after}&to=${after}`)).json();
    const plain = trafficOf(SEED, app, after, [], { searchConversionUplift: 0.2 }).reduce((n, c) => n + c.firstTimeDownloads, 0);
    expect(totals.generated.firstTimeDownloads).toBeGreaterThan(plain);
  });
});
