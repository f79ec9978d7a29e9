import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { machine } from "./support";

/**
 * Gathers the figures of every benchmark of this run into bench-results/summary.json and
 * a short Markdown table, bench-results/summary.md. A benchmark whose file is missing is
 * listed as not run.
 */
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (name: string): J | null => (existsSync(`bench-results/${name}.json`) ? JSON.parse(readFileSync(`bench-results/${name}.json`, "utf8")) : null);

const broker = read("broker");
const ascRead = read("asc-read");
const sync = read("sync");
const grid = read("metadata-grid");
const inbox = read("reviews-inbox");
const sales = read("sales-ingest");
const load = read("load");
const media = read("media-upload");
const analytics = read("analytics");
const alerts = read("alerts");

const rows: [string, string, string][] = [];
const add = (area: string, figure: string, how: string) => rows.push([area, figure, how]);

if (broker) {
  add("Token broker", `${broker.broker.requestsPerSecond} req/s, p50 ${broker.broker.latencyMs.p50} ms, p99 ${broker.broker.latencyMs.p99} ms`, `${broker.setup.connections} clients, ${broker.setup.runs} runs × ${broker.setup.durationSeconds} s, medians`);
  add("Trivial authenticated route (GET /api/v1/me)", `${broker.trivialAuthenticated.requestsPerSecond} req/s, p50 ${broker.trivialAuthenticated.latencyMs.p50} ms, p99 ${broker.trivialAuthenticated.latencyMs.p99} ms; broker/trivial ${broker.brokerToTrivialThroughput}`, "same run");
}
if (ascRead) add("Full read of an account (client only)", `${ascRead.requestsUsed} requests (minimum ${ascRead.theoreticalMinimum}) in ${ascRead.seconds} s for ${ascRead.read.reviews} reviews`, `median of ${ascRead.runs} runs`);
if (sync) {
  add("Full sync by a worker", `${sync.fullSync.requestsUsed} requests (minimum ${sync.fullSync.theoreticalMinimum}), ${sync.fullSync.seconds} s for ${sync.fullSync.reviews} reviews, worker peak RSS ${sync.fullSync.workerPeakRssMiB} MiB`, `${sync.fullSync.apps} apps, median of ${sync.setup.runs} runs`);
  add("Re-sync, nothing changed", `${sync.resyncNothingChanged.requestsUsed} requests (minimum ${sync.resyncNothingChanged.theoreticalMinimum})`, `most of ${sync.setup.runs} runs`);
  const p = sync.interactivePushMs;
  add("Interactive push on the same key", `idle p50 ${p.idle.p50} ms / p95 ${p.idle.p95} ms; during a deep sync p50 ${p.duringDeepSync.p50} ms / p95 ${p.duringDeepSync.p95} ms`, `${p.idle.samples.length} pushes each; ${p.duringDeepSync.pushesWhileSyncRan} overlapped the sync`);
}
if (sales) add("Sales ingestion, 1 report", `${sales.ingest.rowsPerSecond} rows/s, peak RSS ${sales.ingest.peakRssMiB} MiB (+${sales.ingest.peakRssGrowthMiB}); bare COPY ${sales.copy.rowsPerSecond} rows/s`, `${sales.setup.rows} rows, medians of ${sales.setup.runs} runs`);
if (inbox) {
  for (const r of inbox.results as J[]) {
    add(`Reviews inbox: ${r.filter}`, `first page p50 ${r.firstPageMs.p50} / p95 ${r.firstPageMs.p95} ms; deep page ${r.deepPageMs ? `p50 ${r.deepPageMs.p50} / p95 ${r.deepPageMs.p95} ms` : "n/a"}; counts p50 ${r.countsMs.p50} ms`, `${inbox.setup.reviews} reviews, ${inbox.setup.runsPerFigure} runs`);
  }
}
if (load) {
  add("Load: signed-in people browsing and replying", `${load.total.requestsPerSecond} req/s, error rate ${load.total.errorRate}, p50 ${load.total.p50} / p95 ${load.total.p95} / p99 ${load.total.p99} ms`, `${load.setup.users} people, ${load.setup.seconds} s, 1 run`);
  for (const [k, v] of Object.entries(load.byKind as Record<string, J>)) add(`Load: ${k}`, `p50 ${v.p50} / p95 ${v.p95} ms, ${v.errors} errors in ${v.requests}`, "same run");
}
if (media) {
  add("Screenshot upload by a worker", `${media.requestsUsed} requests (minimum ${media.theoreticalMinimum}), ${media.rateLimited} 429s, ${media.seconds} s, worker peak RSS ${media.workerPeakRssMiB} MiB (${media.largeFiles.workerPeakRssMiBAfter} MiB after ${media.largeFiles.files} files of ${media.largeFiles.fileMiB} MiB)`, `${media.setup.screenshotsPerLocale} screenshots × ${media.setup.locales} locales, 1 run`);
}
if (analytics) {
  const i = analytics.ingest;
  add("Analytics ingestion by a worker", `${i.fileRowsPerSecond} file rows/s (${i.fileRows} rows, ${i.factRows} facts, ${i.seconds} s), worker peak RSS ${i.workerPeakRssMiB} MiB`, `${analytics.setup.apps} apps × ${analytics.setup.days} days × ${analytics.setup.territories} territories, 1 run`);
  add("Analytics page API", `p95 ${analytics.api.overallP95Ms} ms over ${analytics.api.cases.length} queries (worst ${Math.max(...analytics.api.cases.map((c: J) => c.p95Ms))} ms)`, "same data");
}
if (grid) add("Metadata grid, 40 locales", `API p50 ${grid.gridApiMs.p50} / p95 ${grid.gridApiMs.p95} ms; interactive ${grid.pageInteractiveMs.median} ms; keystroke ${grid.keystrokeMs.median} ms`, `Chromium, medians of ${grid.pageInteractiveMs.samples.length} runs`);

const m = machine();
if (alerts) {
  add("Alert deliveries by a worker", `${alerts.delivered} alerts in ${alerts.seconds} s (${alerts.alertsPerSecond}/s), ${alerts.duplicates} duplicates, latency p50 ${alerts.latencyMs.p50} ms / p95 ${alerts.latencyMs.p95} ms, worker peak RSS ${alerts.workerPeakRssMiB} MiB`, `${alerts.setup.alerts} review alerts to one signed webhook, 1 run`);
}
const missing = Object.entries({ broker, "asc-read": ascRead, sync, "metadata-grid": grid, "reviews-inbox": inbox, "sales-ingest": sales, load, "media-upload": media, analytics, alerts }).filter(([, v]) => !v).map(([k]) => k);
const summary = { date: new Date().toISOString(), machine: m, notRun: missing, broker, ascRead, sync, metadataGrid: grid, reviewsInbox: inbox, salesIngest: sales, load, mediaUpload: media, analytics };
writeFileSync("bench-results/summary.json", JSON.stringify(summary, null, 2) + "\n");
const md = [
  `Benchmarks of ${summary.date.slice(0, 10)} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB${missing.length ? `; not run: ${missing.join(", ")}` : ""}.`,
  "",
  "| Area | Figure | Runs |",
  "| --- | --- | --- |",
  ...rows.map((r) => `| ${r.join(" | ")} |`),
  "",
].join("\n");
writeFileSync("bench-results/summary.md", md);
process.stdout.write(`${md}\nwrote bench-results/summary.json and bench-results/summary.md\n`);
