import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markerEffect } from "@/lib/analytics/effect";
import { routes } from "@/lib/analytics/marker-operations";
import { listMarkers } from "@/lib/analytics/markers";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { makeSyncedApp, makeVersion } from "@/lib/seed/apps";
import { makeConnection } from "@/lib/seed/connections";
import { makeOrg, makeOrgWithRoles, makeUser } from "@/lib/seed/factories";
import { makeChange } from "@/lib/seed/metadata";
import { makeReview } from "@/lib/seed/reviews";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncMetadata } from "@/lib/sync/metadata";
import { syncReviews } from "@/lib/sync/reviews";
import { AscSimulator } from "../asc-sim/server";
import { pinClocks, unpinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { simConnection } from "./support/sim-connection";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";

const port = await prepareSyncEnv("effect");
const sim = new AscSimulator({ seed: 18, sizes: { apps: 1, reviewsPerApp: 15 } });
simulatorForFile(sim, { port, record: true });

/*
 * Keywords of de-DE pushed on 15 Oct 2026 at 10:00 UTC. Search converts 8% before and 20%
 * better (9.6%) from 16 Oct in the territories showing de-DE (DE, AT, CH); browse converts 4%
 * throughout, and the United States (not showing de-DE) does not change. The day of the push
 * is odd on purpose: counting it would move the numbers. Every day to 27 Oct is final.
 */
const PUSH_AT = "2026-10-15T10:00:00.200Z";
const UPLIFT = 0.2;
const DAYS = Array.from({ length: 29 }, (_, i) => new Date(Date.UTC(2026, 9, 1 + i)).toISOString().slice(0, 10)); // 1..29 Oct
const LAST_FINAL = "2026-10-27";
const SHOWING = ["DE", "AT", "CH"];
const SOURCES = { "App Store search": { impressions: 10_000, conversion: 0.08 }, "App Store browse": { impressions: 5_000, conversion: 0.04 } };

/** ±3% of noise fixed by the key, so the counts are not exactly on the true rates. */
const noise = (key: string) => 0.97 + 0.06 * (createHash("sha1").update(key).digest().readUInt32BE(0) / 4294967296);

function factsOf(organizationId: string, appId: string) {
  const rows: { organizationId: string; appId: string; date: Date; territory: string; sourceType: string; pageType: string; device: string; impressions: number; firstTimeDownloads: number }[] = [];
  for (const day of DAYS) {
    for (const territory of [...SHOWING, "US"]) {
      for (const [sourceType, s] of Object.entries(SOURCES)) {
        const lifted = day > "2026-10-15" && SHOWING.includes(territory) && sourceType === "App Store search";
        const rate = day === "2026-10-15" ? 0.5 : s.conversion * (lifted ? 1 + UPLIFT : 1);
        const impressions = Math.round(s.impressions * noise(`${day}|${territory}|${sourceType}|i`));
        const firstTimeDownloads = Math.round(impressions * rate * noise(`${day}|${territory}|${sourceType}|d`));
        rows.push({ organizationId, appId, date: new Date(`${day}T00:00:00Z`), territory, sourceType, pageType: "Product page", device: "iPhone", impressions, firstTimeDownloads });
      }
    }
  }
  return rows;
}

async function seed() {
  const { org, members } = await makeOrgWithRoles("effect");
  const owner = members.OWNER;
  const conn = await makeConnection(org.id, owner.id, { name: "Client" });
  const app = await makeSyncedApp({ organizationId: org.id, connectionId: conn.id }, { appleId: "9001", name: "Effect App", bundleId: "com.example.effect", sku: "EFFECT1" });
  const v2 = await makeVersion(app, { appleId: "v20", versionString: "2.0", appStoreState: "READY_FOR_SALE", appVersionState: "READY_FOR_DISTRIBUTION", localizations: [{ appleId: "l-de", locale: "de-DE" }, { appleId: "l-en", locale: "en-US" }] });
  await db.syncedVersion.update({ where: { id: v2.id }, data: { releasedAt: new Date("2026-10-01T08:00:00Z") } });
  // 2.0: 5, 4, 4 and 1 stars (3.5 on average); 1.9: 2 and 3; one review of an unknown version.
  const ratings: [string, number, string | null][] = [["a", 5, "2.0"], ["b", 4, "2.0"], ["c", 4, "2.0"], ["d", 1, "2.0"], ["e", 2, "1.9"], ["f", 3, "1.9"], ["g", 5, null]];
  for (const [id, rating, versionString] of ratings) {
    const r = await makeReview(app, { appleId: `rev-${id}`, rating, createdDate: "2026-10-10T12:00:00Z" });
    await db.syncedReview.update({ where: { id: r.id }, data: { versionString } });
  }
  // One push: keywords and description of de-DE in the same second, by the owner.
  const change = (field: string, pushedAt: string) =>
    makeChange(app, { localizationId: v2.localizationIds["de-DE"], locale: "de-DE", field, versionString: "2.0", oldValue: "alt", newValue: "neu", pushedById: owner.id, pushedByEmail: owner.email, pushedAt: new Date(pushedAt) });
  const first = await change("keywords", PUSH_AT);
  await change("description", "2026-10-15T10:00:00.700Z");
  await db.analyticsFact.createMany({ data: factsOf(org.id, app.id) });
  await db.analyticsDay.createMany({
    data: DAYS.flatMap((day) =>
      (["ENGAGEMENT", "DOWNLOADS", "INSTALLS"] as const).map((kind) => ({ organizationId: org.id, appId: app.id, kind, date: new Date(`${day}T00:00:00Z`), processingDate: new Date(`${day}T00:00:00Z`), final: day <= LAST_FINAL })),
    ),
  });
  const ctx = await contextFor(org.id, owner.id);
  return { org, members, owner, conn, app, v2, pushId: `metadata.${first.id}`, ctx };
}

let s: Awaited<ReturnType<typeof seed>>;
beforeAll(async () => {
  s = await seed();
});

/** Conversion straight from the inserted facts: the territories showing de-DE, the given days. */
function expected(organizationId: string, appId: string, days: string[], sourceType?: string) {
  const rows = factsOf(organizationId, appId).filter((r) => SHOWING.includes(r.territory) && days.includes(r.date.toISOString().slice(0, 10)) && (!sourceType || r.sourceType === sourceType));
  const n = rows.reduce((a, r) => a + r.impressions, 0);
  const d = rows.reduce((a, r) => a + r.firstTimeDownloads, 0);
  return { n, d, p: d / n };
}
const span = (from: string, to: string) => DAYS.filter((d) => d >= from && d <= to);

describe("the effect of a metadata push on conversion", () => {
  it("reports the uplift on search in the territories showing the locale, within its 95% interval, leaving out the day of the push", async () => {
    const e = await markerEffect(s.ctx, s.app.id, s.pushId, { window: 12, locale: undefined });
    expect(e.locale).toBe("de-DE");
    expect(e.territories).toEqual(expect.arrayContaining(SHOWING));
    expect(e.territories).not.toContain("US");
    expect(e.territorySource).toContain("https://developer.apple.com/help/app-store-connect/reference/app-store-localizations");
    expect(e.before).toEqual({ from: "2026-10-03", to: "2026-10-14", days: 12 });
    expect(e.after).toEqual({ from: "2026-10-16", to: "2026-10-27", days: 12 });
    expect(e.excludedDays).toEqual(["2026-10-15"]);
    expect(e.warnings).toEqual([]);

    const b = expected(s.org.id, s.app.id, span("2026-10-03", "2026-10-14"));
    const a = expected(s.org.id, s.app.id, span("2026-10-16", "2026-10-27"));
    expect(e.samples).toEqual({ impressionsBefore: b.n, impressionsAfter: a.n, downloadsBefore: b.d, downloadsAfter: a.d });
    expect(e.conversion.before).toBeCloseTo(b.p, 12);
    expect(e.conversion.after).toBeCloseTo(a.p, 12);

    // Overall the true change is +16% (search is two thirds of impressions); the interval holds it.
    const trueOverall = (2 / 3) * 0.08 * (1 + UPLIFT) + (1 / 3) * 0.04;
    const trueRelative = trueOverall / ((2 / 3) * 0.08 + (1 / 3) * 0.04) - 1;
    expect(e.conversion.ci95![0]).toBeLessThan(trueRelative);
    expect(e.conversion.ci95![1]).toBeGreaterThan(trueRelative);
    expect(e.conversion.significant).toBe(true);

    const search = e.decomposition.bySource.find((x) => x.sourceType === "App Store search")!;
    expect(search.ci95![0]).toBeLessThan(UPLIFT);
    expect(search.ci95![1]).toBeGreaterThan(UPLIFT);
    const browse = e.decomposition.bySource.find((x) => x.sourceType === "App Store browse")!;
    expect(browse.ci95![0]).toBeLessThan(0);
    expect(browse.ci95![1]).toBeGreaterThan(0);

    expect(e.decomposition.mix! + e.decomposition.within!).toBe(e.decomposition.total);
    expect(e.decomposition.total).toBeCloseTo(e.conversion.change!, 12);
    // The mix barely moved: the change is conversion within search.
    expect(Math.abs(e.decomposition.mix!)).toBeLessThan(Math.abs(e.decomposition.within!) / 10);
    expect(e.marker.rating).toEqual({ versionString: "2.0", reviews: 4, average: 3.5 });
  });

  it("warns when another change falls inside a window, and when a window is shorter than asked", async () => {
    const media = await db.mediaChange.create({
      data: { organizationId: s.org.id, connectionId: s.conn.id, appId: s.app.id, versionString: "2.0", locale: "de-DE", kind: "SCREENSHOT", displayType: "APP_IPHONE_67", action: "UPLOADED", detail: "01.png", byEmail: s.owner.email, at: new Date("2026-10-20T09:30:00Z") },
    });
    try {
      const e = await markerEffect(s.ctx, s.app.id, s.pushId, { window: 12 });
      expect(e.warnings).toEqual([expect.stringMatching(/^Another change falls inside the after window: “Screenshots uploaded in de-DE” on 20 Oct 2026 by /)]);

      // 14 days: the release on 1 Oct is inside the before window, and 28 and 29 Oct are not final.
      const wide = await markerEffect(s.ctx, s.app.id, s.pushId, { window: 14 });
      expect(wide.after).toEqual({ from: "2026-10-16", to: "2026-10-29", days: 12 });
      expect(wide.excludedDays).toEqual(["2026-10-15", "2026-10-28", "2026-10-29"]);
      expect(wide.warnings).toEqual(
        expect.arrayContaining([
          expect.stringContaining("Only 12 of the 14 days after the change have final counts"),
          expect.stringMatching(/inside the before window: “Version 2\.0 released”/),
          expect.stringMatching(/inside the after window: “Screenshots uploaded in de-DE”/),
        ]),
      );
    } finally {
      await db.mediaChange.delete({ where: { id: media.id } });
    }
  });

  it("lists the push as one marker, a media change and a release, each with its version's ratings", async () => {
    const media = await db.mediaChange.create({
      data: { organizationId: s.org.id, connectionId: s.conn.id, appId: s.app.id, versionString: "2.0", locale: "en-US", kind: "PREVIEW", displayType: "IPHONE_67", action: "DELETED", detail: "intro.mov", byEmail: s.owner.email, at: new Date("2026-10-22T09:30:00Z") },
    });
    try {
      const markers = await listMarkers(s.ctx, s.app.id, { from: "2026-10-01", to: "2026-10-31" });
      const rating = { versionString: "2.0", reviews: 4, average: 3.5 };
      expect(markers.map((m) => [m.id, m.kind, m.day, m.locales, m.by, m.rating])).toEqual([
        [`release.${s.v2.id}`, "release", "2026-10-02", ["de-DE", "en-US"], null, rating],
        [s.pushId, "metadata", "2026-10-16", ["de-DE"], s.owner.email, rating],
        [`media.${media.id}`, "media", "2026-10-23", ["en-US"], s.owner.email, rating],
      ]);
      expect(markers[1].title).toBe("Keywords, Description changed in de-DE");
      expect(await listMarkers(s.ctx, s.app.id, { from: "2026-10-16", to: "2026-10-21" })).toEqual([]);
    } finally {
      await db.mediaChange.delete({ where: { id: media.id } });
    }
  });
});

describe("the markers, effect and ratings-per-version endpoints", () => {
  const get = async (path: string, params: Record<string, string>, token: string) => {
    const route = path.replace(/\?.*$/, "");
    const template = route.replace(s.app.id, "[appId]").replace(/markers\/[^/]+\/effect/, "markers/[markerId]/effect");
    const res = await routes(template).GET!(new NextRequest(`http://127.0.0.1:3999${path}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
    return { status: res.status, body: await res.json() };
  };
  const token = async (role: "VIEWER" | "SUPPORT") => (await createApiToken(s.ctx, { name: `${role} CI`, role })).token;

  it("answers a viewer's token, and refuses a support token the markers and their effect", async () => {
    const viewer = await token("VIEWER");
    const list = await get(`/api/v1/apps/${s.app.id}/analytics/markers?from=2026-10-01&to=2026-10-31`, { appId: s.app.id }, viewer);
    expect(list.status).toBe(200);
    expect(list.body.markers.map((m: { id: string }) => m.id)).toEqual([`release.${s.v2.id}`, s.pushId]);
    const effect = await get(`/api/v1/apps/${s.app.id}/analytics/markers/${s.pushId}/effect?window=12&locale=de-DE`, { appId: s.app.id, markerId: s.pushId }, viewer);
    expect(effect.status).toBe(200);
    expect(effect.body.conversion.significant).toBe(true);
    const bad = await get(`/api/v1/apps/${s.app.id}/analytics/markers/${s.pushId}/effect?window=99`, { appId: s.app.id, markerId: s.pushId }, viewer);
    expect([bad.status, bad.body.error.field]).toEqual([422, "window"]);

    const support = await token("SUPPORT");
    expect((await get(`/api/v1/apps/${s.app.id}/analytics/markers?from=2026-10-01&to=2026-10-31`, { appId: s.app.id }, support)).status).toBe(403);
    expect((await get(`/api/v1/apps/${s.app.id}/analytics/markers/${s.pushId}/effect`, { appId: s.app.id, markerId: s.pushId }, support)).status).toBe(403);
  });

  it("gives ratings per version that match the stored reviews, to support too", async () => {
    const res = await get(`/api/v1/apps/${s.app.id}/ratings/versions`, { appId: s.app.id }, await token("SUPPORT"));
    expect(res.status).toBe(200);
    expect(res.body.versions).toEqual([
      { versionString: "2.0", reviews: 4, average: 3.5, ratings: { 1: 1, 2: 0, 3: 0, 4: 2, 5: 1 } },
      { versionString: "1.9", reviews: 2, average: 2.5, ratings: { 1: 0, 2: 1, 3: 1, 4: 0, 5: 0 } },
    ]);
  });

  it("shows another organisation's app to nobody: 404, while the owner's own request answers", async () => {
    const stranger = await makeUser();
    const other = await makeOrg(stranger);
    const otherCtx = await contextFor(other.id, stranger.id);
    await expect(listMarkers(otherCtx, s.app.id, { from: "2026-10-01", to: "2026-10-31" })).rejects.toMatchObject({ code: "not_found" } satisfies Partial<AppError>);
    await expect(markerEffect(otherCtx, s.app.id, s.pushId, { window: 12 })).rejects.toMatchObject({ code: "not_found" });
    const foreign = (await createApiToken(otherCtx, { name: "Other CI", role: "VIEWER" })).token;
    for (const [path, params] of [
      [`/api/v1/apps/${s.app.id}/analytics/markers?from=2026-10-01&to=2026-10-31`, { appId: s.app.id }],
      [`/api/v1/apps/${s.app.id}/analytics/markers/${s.pushId}/effect`, { appId: s.app.id, markerId: s.pushId }],
      [`/api/v1/apps/${s.app.id}/ratings/versions`, { appId: s.app.id }],
    ] as const) {
      expect((await get(path, params, foreign)).status, path).toBe(404);
      expect((await get(path, params, await token("VIEWER"))).status, path).toBe(200);
    }
  });
});

describe("the reviews sync against the simulator", () => {
  afterAll(() => unpinClocks(sim));

  it("fills each review's version from Apple's list of the version's reviews", async () => {
    pinClocks(sim, "2026-11-02T06:00:00Z");
    const conn = await simConnection(sim);
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    const app = apps[0];
    await syncMetadata(t, app.id);
    const versions = await db.syncedVersion.findMany({ where: { organizationId: conn.organizationId, appId: app.id }, select: { versionString: true, releasedAt: true }, orderBy: { versionString: "asc" } });
    // A version already live at the first sync has no known release time; the one being prepared is not released.
    expect(versions.map((v) => [v.versionString, v.releasedAt?.toISOString().slice(0, 13) ?? null])).toEqual([["1.0", null], ["1.1", null]]);

    sim.exchanges = [];
    await syncReviews(t, app.id);
    const linkageRequests = () => sim.exchanges.filter((e) => e.url.includes("/relationships/customerReviews"));
    // Both stored versions read once: Σ max(1, ⌈n_v / 200⌉) = 1 + 1.
    expect(linkageRequests()).toHaveLength(2);
    const held = [...sim.state.reviewById.values()].filter((r) => r.appId === sim.state.apps[0].id);
    const stored = await db.syncedReview.findMany({ where: { organizationId: conn.organizationId, appId: app.id }, select: { appleId: true, versionString: true } });
    expect(stored).toHaveLength(held.length);
    const want = Object.fromEntries(held.map((r) => [r.id, r.versionId.endsWith("-v1") ? "1.0" : null]));
    expect(Object.fromEntries(stored.map((r) => [r.appleId, r.versionString]))).toEqual(want);
    expect(Object.values(want).filter((v) => v === "1.0").length).toBeGreaterThan(0);
    expect(Object.values(want).filter((v) => v === null).length).toBeGreaterThan(0);

    // Nothing new: no request for versions.
    sim.exchanges = [];
    pinClocks(sim, "2026-11-03T06:00:00Z");
    await syncReviews(t, app.id);
    expect(linkageRequests()).toHaveLength(0);

    // 1.1 goes live in App Store Connect: the next metadata sync sees it happen and records when; the time stays after.
    const prepared = sim.state.versions.find((v) => v.appId === sim.state.apps[0].id && v.versionString === "1.1")!;
    const moved = await fetch(`${sim.url}/__sim/versions/state`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ versionId: prepared.id, appVersionState: "READY_FOR_DISTRIBUTION" }) });
    expect(moved.status).toBe(200);
    await syncMetadata(t, app.id);
    const released = () => db.syncedVersion.findFirstOrThrow({ where: { organizationId: conn.organizationId, appId: app.id, versionString: "1.1" }, select: { releasedAt: true } });
    expect((await released()).releasedAt?.toISOString().slice(0, 13)).toBe("2026-11-03T06");
    pinClocks(sim, "2026-11-04T06:00:00Z");
    await syncMetadata(t, app.id);
    expect((await released()).releasedAt?.toISOString().slice(0, 13)).toBe("2026-11-03T06");
  });
});
