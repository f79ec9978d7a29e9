import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Job, Queue } from "bullmq";
import { createDbClient, type Db } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check";
import { MAINTENANCE_QUEUE } from "@/lib/jobs/definitions";
import { bullConnectionOptions, createRedis } from "@/lib/redis";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { CuttableProxy, DisposableRedis, freePort, waitFor } from "./support/faults";

/**
 * Dependencies go away and come back while the same clients and the same worker process
 * keep running: health reports the failing one by name and recovers without a restart.
 */
let redis: DisposableRedis;
let pgProxy: CuttableProxy;
let dbUrl: string;
let db: Db;
let queue: Queue;
const prefix = `${process.env.REDIS_PREFIX}:bull`;

beforeAll(async () => {
  redis = new DisposableRedis(await freePort());
  await redis.start();
  const real = new URL(process.env.DATABASE_URL!);
  pgProxy = new CuttableProxy(await freePort(), { host: real.hostname, port: Number(real.port || 5432) });
  await pgProxy.restore();
  const u = new URL(process.env.DATABASE_URL!);
  u.port = String(pgProxy.port);
  dbUrl = u.toString();
  db = createDbClient(dbUrl);
  queue = new Queue(MAINTENANCE_QUEUE, { connection: createRedis(redis.url, bullConnectionOptions), prefix });
  queue.on("error", () => undefined); // outages are the point of these tests
});

afterAll(async () => {
  await queue?.close().catch(() => undefined);
  await db?.$disconnect();
  await pgProxy?.cut();
  await redis?.stop();
});

describe("health", () => {
  it("names PostgreSQL, then Redis, while each is down, and recovers without a restart", async () => {
    const deps = { db, redis: createRedis(redis.url, { maxRetriesPerRequest: 1, connectTimeout: 1_000 }), queues: [queue] };
    expect(await checkHealth(deps)).toMatchObject({ status: "ok", failing: [], checks: { queue: { queues: { [MAINTENANCE_QUEUE]: { waiting: 0, active: 0, failed: 0 } } } } });

    await pgProxy.cut();
    const pgDown = await checkHealth(deps);
    expect(pgDown.status).toBe("unavailable");
    expect(pgDown.failing).toEqual(["database"]);
    expect(pgDown.checks.database.error).toMatch(/^PostgreSQL unreachable/);
    expect(JSON.stringify(pgDown)).not.toContain(String(pgProxy.port));
    await pgProxy.restore();
    await waitFor("database back", async () => (await checkHealth(deps)).status === "ok");

    await redis.stop();
    const redisDown = await checkHealth(deps);
    expect(redisDown.failing).toContain("redis");
    expect(redisDown.failing).not.toContain("database");
    await redis.start();
    await waitFor("redis back", async () => (await checkHealth(deps)).status === "ok", 30_000, 250);
    deps.redis.disconnect();
  });
});

describe("worker process", () => {
  let worker: ChildProcess;
  let output = "";

  async function oldInvitation() {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const inv = await db.invitation.create({
      data: { organizationId: org.id, role: "VIEWER", tokenHash: `h${Date.now()}${Math.random()}`, expiresAt: new Date(Date.now() - 10 * 86_400_000) },
    });
    return inv.id;
  }

  async function runPrune() {
    const id = await oldInvitation();
    const job = await queue.add("prune-invitations", {});
    await waitFor(`job ${job.id} to complete`, async () => (await Job.fromId(queue, job.id!))?.finishedOn, 45_000, 250);
    const done = await Job.fromId(queue, job.id!);
    expect(await done?.getState()).toBe("completed");
    expect(await db.invitation.count({ where: { id } })).toBe(0);
  }

  beforeAll(async () => {
    worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
      env: { ...process.env, REDIS_URL: redis.url, DATABASE_URL: dbUrl, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout!.on("data", (d) => (output += d));
    worker.stderr!.on("data", (d) => (output += d));
    await waitFor("worker start", async () => output.includes("worker started"), 30_000);
  });

  afterAll(() => {
    if (worker.exitCode === null) worker.kill("SIGKILL");
  });

  it("runs a queued job end to end", async () => {
    await runPrune();
  });

  it("registers its schedules once, however often it starts", async () => {
    await waitFor("schedulers", async () => (await queue.getJobSchedulers()).length === 4);
    expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(["prune-invitations", "prune-media", "send-client-reports", "sweep-alerts"]);
  });

  it("survives a Redis restart and takes jobs again", async () => {
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1_500));
    await redis.start();
    await runPrune();
    expect(worker.exitCode).toBeNull();
  });

  it("survives a PostgreSQL outage: the job fails, is retried, and completes once the database is back", async () => {
    const id = await oldInvitation();
    await pgProxy.cut();
    const job = await queue.add("prune-invitations", {}, { attempts: 5, backoff: { type: "fixed", delay: 1_000 } });
    await waitFor("first attempt to fail", async () => ((await Job.fromId(queue, job.id!))?.attemptsMade ?? 0) >= 1, 30_000, 200);
    await pgProxy.restore();
    await waitFor("retry to complete", async () => (await Job.fromId(queue, job.id!))?.finishedOn, 30_000, 250);
    expect(await (await Job.fromId(queue, job.id!))?.getState()).toBe("completed");
    expect(await db.invitation.count({ where: { id } })).toBe(0);
  });

  it("stops gracefully on SIGTERM", async () => {
    const exited = new Promise<number | null>((r) => worker.once("exit", (code) => r(code)));
    worker.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("worker stopped");
  });
});

describe("start-up", () => {
  it("refuses to start the worker on a Redis that evicts keys", async () => {
    const lru = new DisposableRedis(await freePort(), ["--maxmemory", "100mb", "--maxmemory-policy", "allkeys-lru"]);
    await lru.start();
    try {
      const p = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: { ...process.env, REDIS_URL: lru.url, LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"] });
      let err = "";
      p.stderr!.on("data", (d) => (err += d));
      const code = await new Promise((r) => p.once("exit", r));
      expect(code).toBe(1);
      expect(err).toMatch(/maxmemory-policy is allkeys-lru/);
    } finally {
      await lru.stop();
    }
  });

  it("refuses to start the worker with a message naming each bad variable", async () => {
    const env = { PATH: process.env.PATH, NODE_ENV: "test" as const, DATABASE_URL: "mysql://nope", NEXTAUTH_SECRET: "short" };
    const p = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    p.stderr!.on("data", (d) => (err += d));
    const code = await new Promise((r) => p.once("exit", r));
    expect(code).toBe(1);
    expect(err).toContain("worker cannot start");
    for (const v of ["DATABASE_URL", "REDIS_URL", "NEXTAUTH_URL", "NEXTAUTH_SECRET"]) expect(err).toContain(v);
  });
});
