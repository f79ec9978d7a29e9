import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { syncQueue } from "@/lib/jobs/queues";
import { requestSync, updateSyncSettings } from "@/lib/sync/requests";
import { AscSimulator } from "../asc-sim/server";
import type { SimState } from "../asc-sim/data";
import { contextFor } from "../integration/support/context";
import { waitFor } from "../integration/support/faults";
import { simConnection } from "../integration/support/sim-connection";
import { databaseSnapshot, databaseUnits, simulatorSnapshot, simulatorUnits } from "../integration/support/sync-compare";
import { salesRows } from "../asc-sim/sales";
import { prepareSyncEnv, runEnded } from "../integration/support/sync-env";
import { FAULTS_CLOCK, faultRig } from "./support";

const simPort = await prepareSyncEnv("faults");
const rig = await faultRig();
const { redis } = rig;

const sim = new AscSimulator({ seed: 41 });
const seedOf = new Map<string, number>();
const workers: ChildProcess[] = [];

/** A worker process, as `npm run worker` starts it, talking to PostgreSQL through the proxy. */
function startWorker() {
  const p = rig.worker();
  workers.push(p);
  return p;
}

/** A connection with an account of its own at the simulator. */
async function account(sizes: { apps: number; reviewsPerApp: number; locales?: number }) {
  const conn = await simConnection(sim);
  const seed = Math.floor(Math.random() * 1000);
  const state = sim.addTeam(conn.issuerId, { seed, sizes });
  seedOf.set(conn.id, seed);
  const ctx = await contextFor(conn.organizationId, conn.ownerId);
  return { conn, state, ctx };
}

async function expectExactCopy(conn: { organizationId: string; id: string }, state: SimState) {
  const stored = await databaseSnapshot(conn.organizationId, conn.id);
  expect(stored).toEqual(simulatorSnapshot(state));
  // Unique keys on Apple's ids make duplicates impossible; the counts say so too.
  expect(stored.reviews.length).toBe(new Set(stored.reviews.map((r) => r.appleId)).size);
}

const reviewsStored = (connectionId: string) => db.syncedReview.count({ where: { connectionId } });

beforeAll(async () => {
  await rig.start(sim, simPort);
  startWorker();
}, 60_000);

afterAll(() => rig.teardown(sim));

describe("sync under faults (worker processes, restartable Redis and PostgreSQL, simulator storms)", () => {
  /** A full sync of a fresh account, with `fault` struck once some reviews are stored; returns the run once it has ended. */
  async function syncThrough(fault: () => Promise<void>, sizes: { apps: number; reviewsPerApp: number; locales?: number }) {
    const { conn, state, ctx } = await account(sizes);
    sim.faults = { latencyMs: 15 };
    const { runId } = await requestSync(ctx, conn.id, { kind: "FULL" });
    await waitFor("some reviews stored", async () => (await reviewsStored(conn.id)) >= 400, 60_000, 50);
    const storedAtFault = await reviewsStored(conn.id);
    await fault();
    const run = await runEnded(runId, 90_000);
    sim.faults = {};
    return { run, conn, state, storedAtFault };
  }

  it("a worker killed mid-sync: a new worker finishes the run with nothing lost or doubled", { timeout: 120_000 }, async () => {
    const { run, conn, state, storedAtFault } = await syncThrough(async () => {
      for (const w of workers) await rig.stop(w, "SIGKILL");
      startWorker();
    }, { apps: 3, reviewsPerApp: 1500, locales: 3 });
    expect(storedAtFault).toBeLessThan(4500);
    expect(run).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    expect(run.retries).toBeGreaterThan(0);
    expect(run.lastRetryError).toMatch(/worker stopped/);
    await expectExactCopy(conn, state);
  });

  it("Redis restarting mid-sync: the run completes once it is back", { timeout: 120_000 }, async () => {
    const { run, conn, state, storedAtFault } = await syncThrough(async () => {
      await redis.stop();
      await new Promise((r) => setTimeout(r, 5000));
      await redis.start();
    }, { apps: 3, reviewsPerApp: 1500 });
    expect(run.status).toBe("SUCCEEDED");
    expect(storedAtFault).toBeLessThan(4500);
    expect(run.retries).toBeGreaterThan(0);
    await expectExactCopy(conn, state);
  });

  it("PostgreSQL going away mid-sync: the run completes once it is back", { timeout: 120_000 }, async () => {
    const { run, conn, state } = await syncThrough(async () => {
      await rig.pgProxy().cut();
      await new Promise((r) => setTimeout(r, 4000));
      await rig.pgProxy().restore();
    }, { apps: 3, reviewsPerApp: 1500 });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.retries).toBeGreaterThan(0);
    await expectExactCopy(conn, state);
  });

  it("storms of 5xx, 429, timeouts and truncated bodies at Apple: retried until the copy is exact", { timeout: 120_000 }, async () => {
    const { conn, state, ctx } = await account({ apps: 4, reviewsPerApp: 800, locales: 3 });
    sim.faults = { errorRate: 0.25, errorStatus: 503, errorSeed: 7, failNext: { count: 4, status: 429, retryAfterSeconds: 1 }, hangNext: 2, truncateNext: 3 };
    const run = await requestSync(ctx, conn.id, { kind: "FULL" }).then((r) => runEnded(r.runId, 110_000));
    sim.faults = {};
    expect(run).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    expect(run.retries).toBeGreaterThanOrEqual(4 + 2 + 3);
    expect(run.lastRetryError).toBeTruthy();
    await expectExactCopy(conn, state);
    // No job of this run gave up, though many of its requests failed.
    const gaveUp = (await syncQueue().getFailed()).filter((j) => j.data?.runId === run.id);
    expect(gaveUp.map((j) => `${j.name} ${j.id}: ${j.failedReason}`)).toEqual([]);

    // Sales reports cut off mid-download are fetched again; each day is stored whole, once.
    await updateSyncSettings(ctx, conn.id, { vendorNumber: "80012345" });
    const days = [-12, -11, -10, -9].map((o) => new Date(Math.floor(Date.parse(FAULTS_CLOCK) / 86_400_000) * 86_400_000 + o * 86_400_000).toISOString().slice(0, 10));
    sim.faults = { truncateNext: 3 };
    const sales = await requestSync(ctx, conn.id, { kind: "SALES", from: days[0], to: days[3] }).then((r) => runEnded(r.runId, 60_000));
    sim.faults = {};
    expect(sales).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    expect(sales.retries).toBeGreaterThanOrEqual(1);
    const { units, rows } = await databaseUnits(conn.id, days);
    expect(units).toEqual(simulatorUnits(state, seedOf.get(conn.id)!, days));
    expect(rows).toBe(days.reduce((n, d) => n + salesRows(state, seedOf.get(conn.id)!, d).length, 0));
  });
});
