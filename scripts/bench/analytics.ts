import { mkdirSync, writeFileSync } from "node:fs";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { closeQueues } from "@/lib/jobs/queues";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { requestSync } from "@/lib/sync/requests";
import { DEFAULT_ANALYTICS_CONFIG } from "../../tests/asc-sim/analytics-reports";
import { AscSimulator } from "../../tests/asc-sim/server";
import { machine, median, pct, peakRssMiB, runBench, simBenchConnection, startWorker, stopWorker, waitForServer } from "./support";

/**
 * A year of App Store analytics for 20 apps across 175 territories, every source type, page
 * type and device: Apple's one-time snapshot (a year of history) and the ongoing request's
 * daily report, ingested by one worker process from the simulator; then the Analytics page's
 * API on the built server at that size. Writes bench-results/analytics.json.
 */
const APPS = Number(process.env.BENCH_ANALYTICS_APPS ?? 20);
const TERRITORIES = Number(process.env.BENCH_ANALYTICS_TERRITORIES ?? 175);
const DAYS = Number(process.env.BENCH_ANALYTICS_DAYS ?? 365);
const RUNS = 25;

async function timed(url: string, token: string) {
  const t = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
  return performance.now() - t;
}

async function measure(url: string, token: string) {
  await timed(url, token);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(await timed(url, token));
  return { p50: Number(median(ms).toFixed(1)), p95: Number(pct(ms, 95).toFixed(1)), ms };
}

async function main() {
  const sim = await new AscSimulator({ seed: 18, sizes: { apps: 1, reviewsPerApp: 1 }, hourlyBudget: 1_000_000 }).listen();
  process.env.ASC_API_BASE_URL = sim.url;
  const worker = startWorker();
  try {
    const { org, ctx, conn, state } = await simBenchConnection(sim, "Analytics bench", { seed: 18, sizes: { apps: APPS, reviewsPerApp: 1, locales: 1 } });
    // First reports at once, a snapshot reaching a year back, traffic in 175 territories.
    state.analytics.config = { ...DEFAULT_ANALYTICS_CONFIG, firstDataMinHours: 0, firstDataMaxHours: 0, historyDays: DAYS, territoryCount: TERRITORIES, inactivityDays: 400 };
    const t = await syncTarget(org.id, conn.id);
    await syncApps(t);

    const before = { requests: Object.values(sim.stats.requests).reduce((a, b) => a + b, 0), downloads: sim.analyticsOrigin.downloads };
    const started = performance.now();
    const { runId } = await requestSync(ctx, conn.id, { kind: "ANALYTICS" });
    let run;
    for (;;) {
      run = await db.syncRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true, error: true, itemsDone: true, itemsTotal: true, itemsFailed: true } });
      if (run.status === "SUCCEEDED" || run.status === "FAILED") break;
      if (performance.now() - started > 60 * 60_000) throw new Error("the analytics sync did not finish in an hour");
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const workerPeakRssMiB = peakRssMiB(worker.pid!);
    const [facts] = await db.$queryRaw<{ n: bigint; days: bigint }[]>`SELECT count(*) AS n, count(DISTINCT date) AS days FROM "AnalyticsFact" WHERE "organizationId" = ${org.id}`;
    const fileRows = await db.analyticsInstance.aggregate({ where: { organizationId: org.id }, _sum: { rows: true }, _count: true });
    const requests = Object.values(sim.stats.requests).reduce((a, b) => a + b, 0) - before.requests;
    const downloads = sim.analyticsOrigin.downloads - before.downloads;

    // A bulk load leaves the tables to autovacuum, which would share the two cores with the
    // API measured next; its work is done first, as it would be long before anyone reads a year.
    const vacuumStarted = performance.now();
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) "AnalyticsFact", "AnalyticsDaily", "AnalyticsDay", "AnalyticsMonthly", "AnalyticsMonthFact"`);
    const vacuumSeconds = Number(((performance.now() - vacuumStarted) / 1000).toFixed(1));

    // The Analytics page's API at that size: one app, and every app at once.
    const base = env.NEXTAUTH_URL;
    await waitForServer(`${base}/api/health`);
    const token = (await createApiToken(ctx, { name: "analytics bench", role: "VIEWER" })).token;
    const apps = await db.syncedApp.findMany({ where: { organizationId: org.id }, select: { id: true }, orderBy: { name: "asc" } });
    const [{ newest }] = await db.$queryRaw<{ newest: Date }[]>`SELECT max(date) AS newest FROM "AnalyticsFact" WHERE "organizationId" = ${org.id}`;
    const to = newest.toISOString().slice(0, 10);
    const yearAgo = new Date(newest.getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
    const app = apps[3]?.id ?? apps[0].id;
    const midMonthEnd = Date.UTC(newest.getUTCFullYear(), newest.getUTCMonth() - (newest.getUTCDate() >= 15 ? 0 : 1), 15);
    const midMonthYear = `from=${new Date(Date.UTC(new Date(midMonthEnd).getUTCFullYear() - 1, new Date(midMonthEnd).getUTCMonth(), 16)).toISOString().slice(0, 10)}&to=${new Date(midMonthEnd).toISOString().slice(0, 10)}`;
    const cases = [
      { name: "one app, default range (28 days), by day", path: `/api/v1/apps/${app}/analytics` },
      { name: "one app, a year, by week", path: `/api/v1/apps/${app}/analytics?from=${yearAgo}&to=${to}&granularity=week` },
      { name: "one app, a year, by month, territory DE", path: `/api/v1/apps/${app}/analytics?from=${yearAgo}&to=${to}&granularity=month&territory=DE` },
      { name: "one app, a year, by week, App Store search", path: `/api/v1/apps/${app}/analytics?from=${yearAgo}&to=${to}&granularity=week&sourceType=${encodeURIComponent("App Store search")}` },
      { name: "one app, 90 days, App Store search on iPhone", path: `/api/v1/apps/${app}/analytics?from=${new Date(newest.getTime() - 89 * 86_400_000).toISOString().slice(0, 10)}&to=${to}&sourceType=${encodeURIComponent("App Store search")}&device=iPhone` },
      { name: "every app, default range", path: `/api/v1/analytics` },
      { name: "every app, a year, by month", path: `/api/v1/analytics?from=${yearAgo}&to=${to}&granularity=month` },
      // Whole months are read from monthly sums; a year from the 16th to the 15th has the most days at either end.
      { name: "one app, a year from mid-month, App Store search", path: `/api/v1/apps/${app}/analytics?${midMonthYear}&granularity=week&sourceType=${encodeURIComponent("App Store search")}` },
      { name: "every app, a year from mid-month, by month", path: `/api/v1/analytics?${midMonthYear}&granularity=month` },
    ];
    const results = [];
    const all: number[] = [];
    for (const c of cases) {
      const m = await measure(`${base}${c.path}`, token);
      all.push(...m.ms);
      results.push({ name: c.name, path: c.path, p50Ms: m.p50, p95Ms: m.p95 });
    }
    const out = {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      setup: {
        apps: APPS, territories: TERRITORIES, days: DAYS,
        worker: "one worker process (npm run worker), defaults, against the simulator in the bench process (which also generates Apple's files on the same two cores)",
        api: `GET /api/v1/apps/{id}/analytics and /api/v1/analytics with an API token (VIEWER), ${RUNS} runs each after one warm-up, next standalone, NODE_ENV=production, after VACUUM (ANALYZE) of the analytics tables`,
      },
      ingest: {
        run: run.status, error: run.error, items: `${run.itemsDone}/${run.itemsTotal} (${run.itemsFailed} failed)`,
        seconds: Number(seconds.toFixed(1)),
        instances: fileRows._count, fileRows: fileRows._sum.rows ?? 0, factRows: Number(facts.n), days: Number(facts.days),
        fileRowsPerSecond: Math.round((fileRows._sum.rows ?? 0) / seconds),
        factRowsPerSecond: Math.round(Number(facts.n) / seconds),
        requests, segmentDownloads: downloads,
        workerPeakRssMiB,
        vacuumSeconds,
      },
      api: { overallP95Ms: Number(pct(all, 95).toFixed(1)), cases: results },
    };
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/analytics.json", JSON.stringify(out, null, 2) + "\n");
    process.stdout.write(
      `analytics: ${out.ingest.fileRows} file rows (${out.ingest.factRows} facts, ${out.ingest.days} days) from ${out.ingest.instances} instances in ${out.ingest.seconds} s ` +
        `(${out.ingest.fileRowsPerSecond} rows/s), ${requests} requests, worker peak RSS ${workerPeakRssMiB} MiB; ` +
        `Analytics API p95 ${out.api.overallP95Ms} ms over ${results.length} queries\n` +
        results.map((r) => `  ${r.name}: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms\n`).join("") +
        "wrote bench-results/analytics.json\n",
    );
  } finally {
    await stopWorker(worker);
    await closeQueues();
    await sim.close();
  }
}

runBench(main);
