import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncMetadata } from "@/lib/sync/metadata";
import { syncReviews } from "@/lib/sync/reviews";
import { AscSimulator } from "../asc-sim/server";
import { moveVersion } from "../asc-sim/version-states";
import { simConnection } from "./support/sim-connection";

const sim = new AscSimulator({ seed: 21, sizes: { apps: 3, reviewsPerApp: 450 } });
let orgId: string;
let connectionId: string;

beforeAll(async () => {
  await sim.listen();
  const c = await simConnection(sim);
  orgId = c.organizationId;
  connectionId = c.id;
});
afterAll(async () => {
  await sim.close();
  await getRedis().quit();
  await getDb().$disconnect();
});

const totalRequests = () => Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);

/** Every review of the simulator, as the database should hold it. */
function simulatorReviews() {
  return [...sim.state.reviews.values()].flat().map((r) => {
    const resp = sim.state.responses.get(r.id);
    return { appleId: r.id, rating: r.rating, title: r.title, body: r.body, reviewerNickname: r.reviewerNickname, territory: r.territory, createdDate: new Date(r.createdDate), responseBody: resp?.responseBody ?? null, responseState: resp?.state ?? null };
  }).sort((a, b) => a.appleId.localeCompare(b.appleId));
}

async function storedReviews() {
  return db.syncedReview.findMany({
    where: { organizationId: orgId, connectionId },
    select: { appleId: true, rating: true, title: true, body: true, reviewerNickname: true, territory: true, createdDate: true, responseBody: true, responseState: true },
    orderBy: { appleId: "asc" },
  });
}

async function syncAll(deep = false) {
  const t = await syncTarget(orgId, connectionId, { baseUrl: sim.url });
  const { apps } = await syncApps(t);
  let created = 0;
  for (const app of apps) created += (await syncReviews(t, app.id, { deep })).created;
  return created;
}

describe("sync of apps and reviews", () => {
  it("stores exactly the simulator's apps and reviews, and a second run spends one request per list", async () => {
    expect(await syncAll()).toBe(1350);
    const apps = await db.syncedApp.findMany({ where: { organizationId: orgId, connectionId }, select: { appleId: true, name: true, bundleId: true, sku: true }, orderBy: { appleId: "asc" } });
    expect(apps).toEqual(sim.state.apps.map((a) => ({ appleId: a.id, name: a.name, bundleId: a.bundleId, sku: a.sku })));
    expect(await storedReviews()).toEqual(simulatorReviews());

    const before = totalRequests();
    expect(await syncAll()).toBe(0);
    // One page of apps, then the newest page of reviews of each app, which is already stored.
    expect(totalRequests() - before).toBe(1 + 3);
    expect(await db.syncedReview.count({ where: { connectionId } })).toBe(1350);
  });

  it("picks up new reviews incrementally, and changed or deleted responses on a deep pass", async () => {
    const app = sim.state.apps[0];
    const list = sim.state.reviews.get(app.id)!;
    const fresh = { ...list[0], id: `${app.id}-new1`, createdDate: "2026-11-30T12:00:00.000Z", title: "new one" };
    list.unshift(fresh);
    sim.state.reviewById.set(fresh.id, fresh);
    const answered = list.find((r) => sim.state.responses.has(r.id))!;
    sim.state.responses.get(answered.id)!.responseBody = "Edited reply";
    const deleted = [...list].reverse().find((r) => sim.state.responses.has(r.id) && r.id !== answered.id)!;
    sim.state.responses.delete(deleted.id);

    expect(await syncAll()).toBe(1);
    expect(await db.syncedReview.findFirst({ where: { connectionId, appleId: fresh.id }, select: { title: true } })).toEqual({ title: "new one" });
    await syncAll(true);
    expect(await storedReviews()).toEqual(simulatorReviews());
    expect(await db.syncedReview.findFirst({ where: { connectionId, appleId: deleted.id }, select: { responseBody: true } })).toEqual({ responseBody: null });
  });
});

describe("sync of metadata while a version moves through review and release", () => {
  /** Syncs the first app's metadata and answers what the database holds of its versions and app infos. */
  async function syncFirstApp() {
    const t = await syncTarget(orgId, connectionId, { baseUrl: sim.url });
    const { apps } = await syncApps(t);
    const app = apps.find((a) => a.appleId === sim.state.apps[0].id)!;
    await syncMetadata(t, app.id);
    const versions = await db.syncedVersion.findMany({ where: { organizationId: orgId, connectionId, appId: app.id }, select: { appleId: true, appStoreState: true, appVersionState: true, _count: { select: { localizations: true } } }, orderBy: { appleId: "asc" } });
    const infos = await db.syncedAppInfo.findMany({ where: { organizationId: orgId, connectionId, appId: app.id }, select: { appleId: true, state: true, appStoreState: true }, orderBy: { appleId: "asc" } });
    return { versions, infos };
  }

  it("keeps the version and its localizations through READY_FOR_REVIEW, ACCEPTED and PENDING_DEVELOPER_RELEASE, and drops the old one only once it is replaced", async () => {
    const appleId = sim.state.apps[0].id;
    const locales = sim.state.versionLocs.filter((l) => l.versionId === `${appleId}-v2`).length;
    const first = await syncFirstApp();
    expect(first.versions).toEqual([
      { appleId: `${appleId}-v1`, appStoreState: "READY_FOR_SALE", appVersionState: "READY_FOR_DISTRIBUTION", _count: { localizations: locales } },
      { appleId: `${appleId}-v2`, appStoreState: "PREPARE_FOR_SUBMISSION", appVersionState: "PREPARE_FOR_SUBMISSION", _count: { localizations: locales } },
    ]);
    expect(first.infos).toEqual([
      { appleId: `${appleId}-info`, state: "READY_FOR_DISTRIBUTION", appStoreState: "READY_FOR_SALE" },
      { appleId: `${appleId}-info2`, state: "PREPARE_FOR_SUBMISSION", appStoreState: "PREPARE_FOR_SUBMISSION" },
    ]);

    // States the old filter on appStoreState did not list: the version's rows went with them.
    for (const [state, storeState] of [["READY_FOR_REVIEW", "READY_FOR_REVIEW"], ["ACCEPTED", "ACCEPTED"], ["PENDING_DEVELOPER_RELEASE", "PENDING_DEVELOPER_RELEASE"], ["PROCESSING_FOR_DISTRIBUTION", "PROCESSING_FOR_APP_STORE"]]) {
      expect(moveVersion(sim.state, `${appleId}-v2`, state)).toEqual({ ok: true });
      const { versions, infos } = await syncFirstApp();
      expect(versions.find((v) => v.appleId === `${appleId}-v2`), state).toEqual({ appleId: `${appleId}-v2`, appStoreState: storeState, appVersionState: state, _count: { localizations: locales } });
      expect(infos.find((i) => i.appleId === `${appleId}-info2`)?.state, state).toBe(state === "PENDING_DEVELOPER_RELEASE" || state === "PROCESSING_FOR_DISTRIBUTION" ? "PENDING_RELEASE" : state);
    }

    // Released: 1.1 is live, 1.0 is replaced and no longer read; the app infos swap.
    moveVersion(sim.state, `${appleId}-v2`, "READY_FOR_DISTRIBUTION");
    const released = await syncFirstApp();
    expect(released.versions.map((v) => [v.appleId, v.appVersionState])).toEqual([[`${appleId}-v2`, "READY_FOR_DISTRIBUTION"]]);
    expect(released.infos.map((i) => [i.appleId, i.state])).toEqual([[`${appleId}-info`, "REPLACED_WITH_NEW_INFO"], [`${appleId}-info2`, "READY_FOR_DISTRIBUTION"]]);
  });
});
