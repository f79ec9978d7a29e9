import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { closeQueues } from "@/lib/jobs/queues";
import { saveDrafts } from "@/lib/metadata/drafts";
import { pushDrafts } from "@/lib/metadata/push";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { requestSync } from "@/lib/sync/requests";
import { AscSimulator } from "../../tests/asc-sim/server";
import { machine, median, pct, runBench, ownerContext } from "./support";

/**
 * A full sync of a large account by a real worker process: App Store Connect requests
 * used against the theoretical minimum, wall time and the worker's peak memory; a second
 * sync with nothing changed; and the latency of an interactive metadata push on the same
 * key, idle and while a deep review sync runs. Writes bench-results/sync.json.
 */
const SIZES = { apps: Number(process.env.BENCH_SYNC_APPS ?? 10), reviewsPerApp: Number(process.env.BENCH_SYNC_REVIEWS ?? 1_000), locales: 10 };
const PUSHES = 9;
const RUNS = 3;

const requests = (sim: AscSimulator) => Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);

async function waitForRun(runId: string, timeoutMs = 600_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (run.status === "SUCCEEDED") return run;
    if (run.status === "FAILED") throw new Error(`run ${runId} failed: ${run.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** The worker's peak resident memory so far (Linux VmHWM), in MiB. */
function peakRssMiB(pid: number) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? +(Number(m[1]) / 1024).toFixed(1) : null;
}

async function main() {
  const sim = await new AscSimulator({ seed: 9, sizes: { apps: 1, reviewsPerApp: 1 }, hourlyBudget: 1_000_000 }).listen();
  // Read once, on first use: the pushes made here and the worker both talk to this simulator.
  process.env.ASC_API_BASE_URL = sim.url;
  const worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const owner = await makeUser();
    const org = await makeOrg(owner, "Sync bench");
    const ctx = await ownerContext(owner, org.id);
    // Three accounts of the same size, each synced from nothing: three runs of the same work.
    const conns = [];
    for (let i = 0; i < RUNS; i++) {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
      const conn = await createConnection(ctx, { name: `Sync bench ${i + 1}`, issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey });
      sim.addTeam(conn.issuerId!, { seed: 9 + i, sizes: SIZES });
      sim.registerKey({ issuerId: conn.issuerId!, keyId: conn.keyId, publicKey, role: "ADMIN" });
      conns.push(conn);
    }
    // Per app, screenshots and previews: 2 requests per version localization (2 versions read).
    const media = SIZES.apps * 2 * (2 * SIZES.locales);
    const minimum = Math.ceil(SIZES.apps / 200) + SIZES.apps * 2 + media + SIZES.apps * Math.max(1, Math.ceil(SIZES.reviewsPerApp / 200));
    const resyncMinimum = Math.ceil(SIZES.apps / 200) + SIZES.apps * 3 + media;
    const fullRuns = [];
    const resyncRuns = [];
    for (const conn of conns) {
      const before = requests(sim);
      const run = await waitForRun((await requestSync(ctx, conn.id, { kind: "FULL" })).runId);
      const used = requests(sim) - before;
      const reviews = await db.syncedReview.count({ where: { connectionId: conn.id } });
      fullRuns.push({ seconds: (run.finishedAt!.getTime() - run.createdAt.getTime()) / 1000, requests: used, reviews, retries: run.retries });
      process.stdout.write(`sync: full sync of ${SIZES.apps} apps, ${reviews} reviews in ${fullRuns.at(-1)!.seconds.toFixed(1)} s; ${used} requests against a minimum of ${minimum}\n`);
      const before2 = requests(sim);
      const again = await waitForRun((await requestSync(ctx, conn.id, { kind: "FULL" })).runId);
      resyncRuns.push({ seconds: (again.finishedAt!.getTime() - again.createdAt.getTime()) / 1000, requests: requests(sim) - before2 });
    }
    const workerPeak = peakRssMiB(worker.pid!);
    const c = conns[0];

    // Interactive pushes on the same key: one field of one locale, changed each time.
    const app = await db.syncedApp.findFirstOrThrow({ where: { connectionId: c.id }, orderBy: { name: "asc" } });
    const loc = await db.syncedVersionLocalization.findFirstOrThrow({ where: { connectionId: c.id, version: { appId: app.id }, locale: "en-US" } });
    let n = 0;
    const push = async () => {
      await saveDrafts(ctx, app.id, { edits: [{ localizationId: loc.id, field: "promotionalText", value: `Bench push ${++n} ${randomBytes(3).toString("hex")}` }] });
      const t = performance.now();
      const report = await pushDrafts(ctx, app.id, {});
      const ms = performance.now() - t;
      if (report.pushed.length !== 1) throw new Error(`push ${n} did not go through: ${JSON.stringify(report)}`);
      return ms;
    };
    const idle: number[] = [];
    for (let i = 0; i < PUSHES; i++) idle.push(await push());
    const deep = await requestSync(ctx, c.id, { kind: "REVIEWS_DEEP" });
    const busy: number[] = [];
    let overlapped = 0;
    while (busy.length < PUSHES) {
      await new Promise((r) => setTimeout(r, 250));
      const running = (await db.syncRun.findUniqueOrThrow({ where: { id: deep.runId } })).status !== "SUCCEEDED";
      busy.push(await push());
      if (running && (await db.syncRun.findUniqueOrThrow({ where: { id: deep.runId } })).status !== "SUCCEEDED") overlapped++;
    }
    const deepRun = await waitForRun(deep.runId);

    const stat = (xs: number[]) => ({ p50: +median(xs).toFixed(1), p95: +pct(xs, 95).toFixed(1), samples: xs.map((x) => +x.toFixed(1)) });
    const out = {
      date: new Date().toISOString(),
      machine: machine(),
      setup: { sizes: SIZES, worker: "one worker process (npm run worker), SYNC_CONCURRENCY default, against the simulator in the bench process", runs: RUNS, figures: "medians of the runs; requests are the most any run used" },
      fullSync: {
        apps: SIZES.apps,
        reviews: fullRuns[0].reviews,
        seconds: +median(fullRuns.map((r) => r.seconds)).toFixed(1),
        requestsUsed: Math.max(...fullRuns.map((r) => r.requests)),
        theoreticalMinimum: minimum,
        minimumIs: "ceil(apps/200) + per app: 2 (app infos and versions, each with localizations) + 2 × L (screenshot and preview sets of each of the L version localizations read) + ceil(reviews/200)",
        workerPeakRssMiB: workerPeak,
        retries: Math.max(...fullRuns.map((r) => r.retries)),
        runs: fullRuns.map((r) => ({ ...r, seconds: +r.seconds.toFixed(1) })),
      },
      resyncNothingChanged: { requestsUsed: Math.max(...resyncRuns.map((r) => r.requests)), theoreticalMinimum: resyncMinimum, seconds: +median(resyncRuns.map((r) => r.seconds)).toFixed(1), runs: resyncRuns.map((r) => ({ ...r, seconds: +r.seconds.toFixed(1) })) },
      interactivePushMs: { idle: stat(idle), duringDeepSync: { ...stat(busy), pushesWhileSyncRan: overlapped, deepSyncSeconds: +((deepRun.finishedAt!.getTime() - deepRun.createdAt.getTime()) / 1000).toFixed(1) } },
      workerPeakRssMiBAtEnd: peakRssMiB(worker.pid!),
    };
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/sync.json", JSON.stringify(out, null, 2) + "\n");
    process.stdout.write(
      `sync: re-sync with nothing changed ${out.resyncNothingChanged.requestsUsed} requests (minimum ${resyncMinimum}); push p50 idle ${out.interactivePushMs.idle.p50} ms, during a deep sync ${out.interactivePushMs.duringDeepSync.p50} ms (p95 ${out.interactivePushMs.duringDeepSync.p95}, ${overlapped} of ${PUSHES} while it ran)\nwrote bench-results/sync.json\n`,
    );
  } finally {
    const exited = new Promise((r) => worker.once("exit", r));
    worker.kill("SIGTERM");
    const slow = setTimeout(() => worker.kill("SIGKILL"), 40_000);
    await exited;
    clearTimeout(slow);
    await closeQueues();
    await sim.close();
  }
}

runBench(main);
