import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setClock } from "@/lib/clock";
import { getDb } from "@/lib/db/client";
import { closeQueues } from "@/lib/jobs/queues";
import { getRedis } from "@/lib/redis";
import type { AscSimulator } from "../asc-sim/server";
import { CuttableProxy, DisposableRedis, freePort } from "../integration/support/faults";

/**
 * What every fault scenario runs on: a Redis of our own (restartable, append-only so a
 * restart keeps the queue, as in docker-compose.yml), a cuttable path to PostgreSQL for
 * the processes under test, and those processes. Create it at the top of a test file,
 * before anything reads the environment.
 */
/** Every process of a fault run (this one, its children, the simulator) reads this pinned time. */
export const FAULTS_CLOCK = "2026-11-20T18:00:00Z";

export async function faultRig() {
  const clockOffset = Date.parse(FAULTS_CLOCK) - Date.now();
  process.env.CLOCK_OFFSET_MS = String(clockOffset);
  setClock(FAULTS_CLOCK);
  const redisDir = mkdtempSync(path.join(tmpdir(), "ascdash-redis-"));
  const redis = new DisposableRedis(await freePort(), ["--appendonly", "yes", "--appendfsync", "always", "--dir", redisDir]);
  process.env.REDIS_URL = redis.url;
  process.env.ASC_TIMEOUT_MS = "1500";
  let pgProxy: CuttableProxy | undefined;
  let viaProxy = "";
  const children: ChildProcess[] = [];

  /** Starts Redis, the simulator and the path to PostgreSQL. */
  async function start(sim: AscSimulator, simPort: number) {
    await redis.start();
    sim.clockOffsetMs = clockOffset;
    await sim.listen(simPort);
    const real = new URL(process.env.DATABASE_URL!);
    pgProxy = new CuttableProxy(await freePort(), { host: real.hostname, port: Number(real.port || 5432) });
    await pgProxy.restore();
    const u = new URL(process.env.DATABASE_URL!);
    u.port = String(pgProxy.port);
    viaProxy = u.toString();
  }

  /** A node process of ours talking to PostgreSQL through the proxy; its output goes to $FAULT_LOG when set. */
  function child(args: string[], env: Record<string, string> = {}) {
    const p = spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: viaProxy, LOG_LEVEL: process.env.FAULT_LOG ? "info" : "silent", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    if (process.env.FAULT_LOG) {
      const out = createWriteStream(process.env.FAULT_LOG, { flags: "a" });
      p.stdout?.pipe(out);
      p.stderr?.pipe(out);
    } else {
      p.stdout?.resume();
      p.stderr?.resume();
    }
    children.push(p);
    return p;
  }

  /** A worker process, as `npm run worker` starts it. */
  const worker = (env: Record<string, string> = {}) => child(["--import", "tsx", "workers/index.ts"], { SYNC_CONCURRENCY: "3", ...env });

  /** Signals a process and waits for it to exit; nothing when it already has. */
  async function stop(p: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM") {
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once("exit", r));
    p.kill(signal);
    await exited;
  }

  async function teardown(sim: AscSimulator) {
    for (const p of children) await stop(p);
    await closeQueues();
    await sim.close();
    await pgProxy?.cut();
    getRedis().disconnect();
    await redis.stop();
    rmSync(redisDir, { recursive: true, force: true });
    await getDb().$disconnect();
  }

  return { redis, start, child, worker, stop, teardown, pgProxy: () => pgProxy! };
}
