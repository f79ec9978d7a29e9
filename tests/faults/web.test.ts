import type { ChildProcess } from "node:child_process";
import { createPublicKey, createVerify, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { db } from "@/lib/db/client";
import { requestSync } from "@/lib/sync/requests";
import { AscSimulator } from "../asc-sim/server";
import { contextFor } from "../integration/support/context";
import { freePort, waitFor } from "../integration/support/faults";
import { simConnection } from "../integration/support/sim-connection";
import { databaseSnapshot, simulatorSnapshot } from "../integration/support/sync-compare";
import { prepareSyncEnv, runEnded } from "../integration/support/sync-env";
import { faultRig } from "./support";

/**
 * The whole product under faults: the built web app and two worker processes, on a
 * restartable Redis and a cuttable path to PostgreSQL, against the simulator. Each
 * scenario ends with the database equal to the simulator and the app healthy.
 */
// Two key-encryption keys from the start: connections are created under k1 here, the web
// app runs with k2 active, and the re-wrap moves every data key to k2 while tokens are minted.
const k1 = `k1:${randomBytes(32).toString("base64")}`;
const k2 = `k2:${randomBytes(32).toString("base64")}`;
// Keys of earlier files in the run (the suite shares one database) stay readable too.
process.env.VAULT_KEKS = [process.env.VAULT_KEKS, k1, k2].filter(Boolean).join(",");
process.env.VAULT_ACTIVE_KEK = "k1";
const simPort = await prepareSyncEnv("webfaults");
const rig = await faultRig();
const { redis, child, stop } = rig;

const sim = new AscSimulator({ seed: 77 });
let web: ChildProcess | undefined;
let webUrl: string;
const workers: ChildProcess[] = [];

async function startWeb(keks: string, active: string) {
  const port = await freePort();
  webUrl = `http://127.0.0.1:${port}`;
  web = child(["--import", "./scripts/client-address.mjs", ".next/standalone/server.js"], {
    PORT: String(port), HOSTNAME: "127.0.0.1", NEXTAUTH_URL: webUrl, NODE_ENV: "production", VAULT_KEKS: keks, VAULT_ACTIVE_KEK: active,
  });
  await waitFor("the web app answers", async () => (await fetch(`${webUrl}/api/health`).catch(() => null))?.ok ?? false, 60_000, 200);
}

const startWorker = () => workers.push(rig.worker({ VAULT_ACTIVE_KEK: "k2" }));

async function healthy() {
  await waitFor("the app reports healthy", async () => {
    const res = await fetch(`${webUrl}/api/health`).catch(() => null);
    return res?.status === 200 && (await res.json()).status === "ok";
  }, 30_000, 250);
}

async function account(sizes: { apps: number; reviewsPerApp: number; locales?: number }) {
  const conn = await simConnection(sim);
  const state = sim.addTeam(conn.issuerId, { seed: Math.floor(Math.random() * 1000), sizes });
  const ctx = await contextFor(conn.organizationId, conn.ownerId);
  return { conn, state, ctx };
}

beforeAll(async () => {
  await rig.start(sim, simPort);
  await startWeb(process.env.VAULT_KEKS!, "k2");
  startWorker();
  startWorker();
}, 90_000);

afterAll(() => rig.teardown(sim));

describe("the web app and two workers under faults", () => {
  it("one of two workers killed mid-sync: the other finishes the run, nothing lost or doubled, app healthy", { timeout: 150_000 }, async () => {
    const { conn, state, ctx } = await account({ apps: 4, reviewsPerApp: 1200, locales: 3 });
    sim.faults = { latencyMs: 15 };
    const { runId } = await requestSync(ctx, conn.id, { kind: "FULL" });
    await waitFor("some reviews stored", async () => (await db.syncedReview.count({ where: { connectionId: conn.id } })) >= 300, 60_000, 50);
    await stop(workers[0], "SIGKILL");
    const run = await runEnded(runId, 120_000);
    sim.faults = {};
    expect(run).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    const stored = await databaseSnapshot(conn.organizationId, conn.id);
    expect(stored).toEqual(simulatorSnapshot(state));
    expect(stored.reviews.length).toBe(new Set(stored.reviews.map((r) => r.appleId)).size);
    workers[0] = rig.worker({ VAULT_ACTIVE_KEK: "k2" });
    await healthy();
  });

  it("Redis and PostgreSQL restarting under the web app: requests fail cleanly while they are away, and the app recovers by itself", { timeout: 120_000 }, async () => {
    await redis.stop();
    const duringRedis = await fetch(`${webUrl}/api/health`);
    expect(duringRedis.status).toBe(503);
    expect((await duringRedis.json()).failing).toContain("redis");
    await redis.start();
    await healthy();

    const { ctx } = await account({ apps: 1, reviewsPerApp: 1 });
    const token = await createApiToken(ctx, { name: "probe", role: "VIEWER" });
    const me = () => fetch(`${webUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token.token}` } });
    expect((await me()).status).toBe(200);
    await rig.pgProxy().cut();
    const duringPg = await fetch(`${webUrl}/api/health`);
    expect(duringPg.status).toBe(503);
    expect((await duringPg.json()).failing).toContain("database");
    // An API call while the database is away is a clean JSON error, not a hang or a crash.
    const refused = await me();
    expect(refused.status).toBe(500);
    expect(await refused.json()).toEqual({ error: { code: "internal", message: "Something went wrong on our side." } });
    await new Promise((r) => setTimeout(r, 4000));
    await rig.pgProxy().restore();
    await healthy();
    expect((await me()).status).toBe(200);
  });

  it("KEK rotation with re-wrap while tokens are minted: every mint succeeds, every data key moves, the old key can go", { timeout: 120_000 }, async () => {
    const conns = [await simConnection(sim), await simConnection(sim), await simConnection(sim)];
    expect(new Set((await db.connectionSecret.findMany({ where: { connectionId: { in: conns.map((c) => c.id) } }, select: { kekId: true } })).map((s) => s.kekId))).toEqual(new Set(["k1"]));
    const ctx = await contextFor(conns[0].organizationId, conns[0].ownerId);
    const token = await createApiToken(ctx, { name: "ci", role: "EDITOR" });
    const publicKey = createPublicKey(conns[0].pair.publicKey);
    let n = 0;
    // A different lifetime each time misses the web app's token cache, so every mint opens the vault.
    const mint = async () => {
      const body = JSON.stringify({ expiresInSeconds: 60 + (n++ % 1100) });
      const res = await fetch(`${webUrl}/api/v1/connections/${conns[0].id}/token`, { method: "POST", headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" }, body });
      if (res.status !== 200) return `HTTP ${res.status}: ${await res.text()}`;
      const jwt = (await res.json()).token as string;
      const [h, p, s] = jwt.split(".");
      const ok = createVerify("SHA256").update(`${h}.${p}`).verify({ key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url"));
      return ok ? null : "signature does not verify";
    };
    const failures: string[] = [];
    let minted = 0;
    let minting = true;
    const loop = (async () => {
      while (minting) {
        const problem = await mint();
        if (problem) failures.push(problem);
        minted++;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const rewrap = child(["--import", "tsx", "scripts/vault-rewrap.ts", "--batch=1"], { VAULT_ACTIVE_KEK: "k2" });
    const code = await new Promise<number | null>((r) => rewrap.once("exit", r));
    await new Promise((r) => setTimeout(r, 500));
    minting = false;
    await loop;
    process.stdout.write(`kek rotation: ${minted} tokens minted during the re-wrap, ${failures.length} failed\n`);
    expect(code).toBe(0);
    expect(failures).toEqual([]);
    expect(minted).toBeGreaterThan(10);
    expect(await db.connectionSecret.count({ where: { kekId: { not: "k2" } } })).toBe(0);

    // The web app restarted with the new key alone still signs.
    await stop(web);
    await startWeb(k2, "k2");
    expect(await mint()).toBeNull();
    await healthy();
    // Back to both keys: the scenarios after this one create connections under k1 here.
    await stop(web);
    await startWeb(process.env.VAULT_KEKS!, "k2");
  });

  it("two editors pushing the same locale through the API at once: one value wins at Apple, in our copy and in the history", { timeout: 120_000 }, async () => {
    const { conn, state, ctx } = await account({ apps: 1, reviewsPerApp: 5, locales: 3 });
    const run = await runEnded((await requestSync(ctx, conn.id, { kind: "METADATA" })).runId, 60_000);
    expect(run.status).toBe("SUCCEEDED");
    const app = await db.syncedApp.findFirstOrThrow({ where: { connectionId: conn.id } });
    const loc = await db.syncedVersionLocalization.findFirstOrThrow({ where: { connectionId: conn.id, locale: "en-US", version: { appId: app.id, appStoreState: "PREPARE_FOR_SUBMISSION" } } });
    const editors = [await createApiToken(ctx, { name: "editor a", role: "EDITOR" }), await createApiToken(ctx, { name: "editor b", role: "EDITOR" })];
    const call = (t: { token: string }, method: string, p: string, body?: unknown) =>
      fetch(`${webUrl}/api/v1/apps/${app.id}/${p}`, { method, headers: { authorization: `Bearer ${t.token}`, "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    for (let round = 0; round < 5; round++) {
      await Promise.all(editors.map((e, i) => call(e, "PUT", "drafts", { edits: [{ localizationId: loc.id, field: "promotionalText", value: `Round ${round} by ${i ? "B" : "A"}` }] })));
      const pushes = await Promise.all(editors.map((e) => call(e, "POST", "push", {})));
      // One sends; the other finds the draft already pushed. Nothing else.
      expect(pushes.map((r) => r.status).sort()).toEqual([200, 422]);
    }
    const held = state.versionLocs.find((l) => l.id === loc.appleId)!.promotionalText;
    expect((await db.syncedVersionLocalization.findUniqueOrThrow({ where: { id: loc.id } })).promotionalText).toBe(held);
    const changes = await db.metadataChange.findMany({ where: { localizationId: loc.id, field: "promotionalText" }, orderBy: { pushedAt: "asc" } });
    expect(changes).toHaveLength(5);
    for (let i = 1; i < changes.length; i++) expect(changes[i].oldValue).toBe(changes[i - 1].newValue);
    expect(changes[4].newValue).toBe(held);
    expect(await db.metadataDraft.count({ where: { localizationId: loc.id } })).toBe(0);
    await healthy();
  });

  it("an App Store Connect storm (5xx, 429, latency, cut bodies) during a sync and a push: both end right, app healthy", { timeout: 150_000 }, async () => {
    const { conn, state, ctx } = await account({ apps: 3, reviewsPerApp: 600, locales: 3 });
    sim.faults = { errorRate: 0.2, failNext: { count: 3, status: 429, retryAfterSeconds: 1 }, latencyMs: 40, truncateNext: 2 };
    const run = await runEnded((await requestSync(ctx, conn.id, { kind: "FULL" })).runId, 120_000);
    sim.faults = {};
    expect(run).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    expect(run.retries).toBeGreaterThan(0);
    expect(await databaseSnapshot(conn.organizationId, conn.id)).toEqual(simulatorSnapshot(state));
    await healthy();
  });
});
