import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncReviews } from "@/lib/sync/reviews";
import { AscSimulator } from "../asc-sim/server";
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
    const fresh = { ...list[0], id: `${app.id}-new1`, createdDate: new Date().toISOString(), title: "new one" };
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
