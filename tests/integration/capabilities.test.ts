import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { testConnection } from "@/lib/connections/test-connection";
import { db } from "@/lib/db/client";
import { schedulerId } from "@/lib/jobs/connection-schedules";
import { syncQueue } from "@/lib/jobs/queues";
import { requestSync, updateSyncSettings } from "@/lib/sync/requests";
import { AscSimulator } from "../asc-sim/server";
import { pinClocks, unpinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { failure } from "./support/failure";
import { simConnection, simIndividualConnection } from "./support/sim-connection";
import { prepareSyncEnv, runEnded, withSimulatorAndWorkers } from "./support/sync-env";

const port = await prepareSyncEnv("caps");
const sim = new AscSimulator({ seed: 41, sizes: { apps: 2, reviewsPerApp: 30, locales: 2 } });
withSimulatorAndWorkers(sim, port);

/** The admin CLI in a child process; asynchronous, since the simulator answering it lives in this process. */
function admin(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { encoding: "utf8", env: process.env }, (err, stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const schedules = async (connectionId: string) => {
  const out: string[] = [];
  for (const name of ["reviews", "reviews-deep", "metadata", "sales"] as const) if (await syncQueue().getJobScheduler(schedulerId(connectionId, name))) out.push(name);
  return out;
};

async function sync(ctx: Awaited<ReturnType<typeof contextFor>>, connectionId: string, kind: "FULL" | "SALES") {
  const { runId } = await requestSync(ctx, connectionId, { kind, ...(kind === "SALES" ? { from: "2026-11-20", to: "2026-11-20" } : {}) });
  return runEnded(runId);
}

describe("what a key's role can do", () => {
  it("an App Manager team key syncs reviews and metadata; only sales stop, with the role they need", async () => {
    pinClocks(sim, "2026-11-25T18:00:00Z");
    const conn = await simConnection(sim, "APP_MANAGER");
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    await updateSyncSettings(ctx, conn.id, { vendorNumber: "85012345" });
    const result = await testConnection(ctx, conn.id);
    expect(result).toMatchObject({ ok: true, status: "WORKING" });
    expect(result.capabilities).toMatchObject({
      keyKind: "TEAM",
      apps: { state: "works" },
      metadata: { state: "works" },
      reviews: { state: "works" },
      sales: { state: "not_allowed", roles: "Admin, Finance or Sales (a team key)" },
      clock: { state: "ok" },
    });
    expect(await schedules(conn.id)).toEqual(["reviews", "reviews-deep", "metadata"]);

    expect(await sync(ctx, conn.id, "FULL")).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    expect(await db.syncedReview.count({ where: { connectionId: conn.id } })).toBe(60);
    expect(await db.syncedVersionLocalization.count({ where: { connectionId: conn.id } })).toBeGreaterThan(0);

    // Asking for sales anyway: Apple's 403 stops sales alone, in words, and nothing is paused.
    const sales = await sync(ctx, conn.id, "SALES");
    expect(sales).toMatchObject({ status: "FAILED", errorCode: "FORBIDDEN_ERROR" });
    expect(sales.error).toMatch(/may not use sales reports \(403\)\. It needs the Admin, Finance or Sales/);
    const after = await db.connection.findUniqueOrThrow({ where: { id: conn.id }, select: { syncPausedAt: true, status: true, syncBlocks: true } });
    expect(after).toMatchObject({ syncPausedAt: null, status: "WORKING" });
    // Analytics reports need the Admin, Sales and Reports or Finance role too: the check stopped them already.
    expect(Object.keys(after.syncBlocks as object).sort()).toEqual(["ANALYTICS", "SALES"]);
    expect(await schedules(conn.id)).toEqual(["reviews", "reviews-deep", "metadata"]);
    expect(await sync(ctx, conn.id, "FULL")).toMatchObject({ status: "SUCCEEDED" });
  });

  it("an individual key syncs reviews and metadata, and says sales are not available for individual keys", async () => {
    pinClocks(sim, "2026-11-25T18:00:00Z");
    const conn = await simIndividualConnection(sim, "ADMIN");
    expect(conn).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null });
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    await updateSyncSettings(ctx, conn.id, { vendorNumber: "85012345" });
    const result = await testConnection(ctx, conn.id);
    expect(result.capabilities).toMatchObject({ keyKind: "INDIVIDUAL", apps: { state: "works" }, metadata: { state: "works" }, reviews: { state: "works" }, sales: { state: "not_allowed" } });
    expect(result.capabilities.sales.reason).toMatch(/not available for individual keys/);
    expect(await schedules(conn.id)).toEqual(["reviews", "reviews-deep", "metadata"]);
    expect(await sync(ctx, conn.id, "FULL")).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    expect(await db.syncedApp.count({ where: { connectionId: conn.id } })).toBe(2);
    expect(await db.syncedReview.count({ where: { connectionId: conn.id } })).toBe(60);
    const refused = await failure(requestSync(ctx, conn.id, { kind: "SALES" }), Error);
    expect(refused.message).toMatch(/not available for individual keys/);
  });

  it("names the agreements to accept when Apple answers REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED, without pausing the key", async () => {
    const conn = await simConnection(sim, "ADMIN");
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    sim.faults = { agreementsExpired: [conn.issuerId] };
    try {
      const run = await sync(ctx, conn.id, "FULL");
      expect(run).toMatchObject({ status: "FAILED", errorCode: "FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED" });
      expect(run.error).toMatch(/Account Holder to accept the latest agreements/);
      expect(await db.connection.findUniqueOrThrow({ where: { id: conn.id }, select: { syncPausedAt: true } })).toEqual({ syncPausedAt: null });
    } finally {
      sim.faults = {};
    }
    // Accepted: the next check lifts the blocks and the sync goes through.
    expect((await testConnection(ctx, conn.id)).ok).toBe(true);
    expect(await db.connection.findUniqueOrThrow({ where: { id: conn.id }, select: { syncBlocks: true } })).toEqual({ syncBlocks: {} });
    expect(await sync(ctx, conn.id, "FULL")).toMatchObject({ status: "SUCCEEDED" });
  });

  it("a server clock 90 s ahead of Apple's still syncs, and the check says the clock is off", async () => {
    // Apple's clock 90 s behind ours: a token valid for a full 20 minutes by our clock would be refused.
    pinClocks(sim, "2026-11-25T18:00:00Z", 90_000);
    const conn = await simConnection(sim, "ADMIN");
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    expect(await sync(ctx, conn.id, "FULL")).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    expect(sim.stats.unauthorized).toBe(0);
    const r = await testConnection(ctx, conn.id);
    expect(r.capabilities.clock.state).toBe("off");
    expect(r.capabilities.clock.skewSeconds).toBeGreaterThanOrEqual(89);
    expect(r.capabilities.clock.skewSeconds).toBeLessThanOrEqual(91);
    expect(r.capabilities.clock.reason).toMatch(/(89|90|91) s ahead of App Store Connect's/);
    pinClocks(sim, "2026-11-25T18:00:00Z");
  });

  it("npm run admin -- doctor prints the same report", async () => {
    unpinClocks(sim);
    const conn = await simConnection(sim, "APP_MANAGER");
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    await updateSyncSettings(ctx, conn.id, { vendorNumber: "85012345" });
    const r = await admin(["doctor", "--connection", conn.id]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Simulated team \(team key\), checked /);
    expect(lines.slice(1).map((l) => l.trim().split(":")[0])).toEqual([
      "apps      works",
      "metadata  works",
      "reviews   works",
      "sales     not allowed for this key's role",
      "analytics not allowed for this key's role",
      "clock     ok",
    ]);
    expect(r.stdout).toContain("It needs the Admin, Finance or Sales (a team key) role.");
    // Stored like a test from the web app.
    expect(await db.connection.findUniqueOrThrow({ where: { id: conn.id }, select: { status: true } })).toEqual({ status: "WORKING" });

    sim.revokeKey(conn.issuerId, conn.keyId);
    const refused = await admin(["doctor", "--connection", conn.id]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/apps +fails/);
    expect(refused.stderr).toMatch(/refused the key \(401\)/);
  });
});
