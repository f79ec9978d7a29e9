import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { from as copyFrom } from "pg-copy-streams";
import { gzipTsv } from "@/lib/asc/reports";
import { createConnection } from "@/lib/connections/mutations";
import { bulkPool } from "@/lib/db/bulk";
import { ingestSalesDay } from "@/lib/sales/ingest";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { machine, median, runBench, ownerContext } from "./support";
import { SALES_COLUMNS } from "../../tests/asc-sim/sales";

/**
 * Ingestion of one generated daily Sales Summary report of a million rows: the product's
 * path (gunzip, parse by header name, COPY into SalesRow in one transaction) against a
 * bare COPY of the same rows, uncompressed, into a scratch table of text columns, in the
 * same run. Writes rows per second and the process's peak memory to
 * bench-results/sales-ingest.json.
 */
const ROWS = Number(process.env.BENCH_SALES_ROWS ?? 1_000_000);
const RUNS = 3;
const COUNTRIES = [["US", "USD"], ["GB", "GBP"], ["DE", "EUR"], ["FR", "EUR"], ["JP", "JPY"], ["CA", "CAD"], ["AU", "AUD"], ["BR", "BRL"], ["IN", "INR"], ["MX", "MXN"]];
const TYPES = ["1F", "1F", "1F", "7F", "IA1", "IAY", "3F"];

/** Writes the report twice: gzip (what Apple sends) and plain TSV without the header (for the bare COPY). */
async function writeReport(dir: string) {
  const gz = createGzip();
  const gzFile = createWriteStream(join(dir, "report.tsv.gz"));
  const gzDone = pipeline(gz, gzFile);
  const plain = createWriteStream(join(dir, "report.tsv"));
  const write = async (stream: NodeJS.WritableStream, chunk: string) => {
    if (!stream.write(chunk)) await once(stream, "drain");
  };
  await write(gz, SALES_COLUMNS.join("\t") + "\n");
  let chunk = "";
  for (let i = 0; i < ROWS; i++) {
    const [country, currency] = COUNTRIES[i % COUNTRIES.length];
    const type = TYPES[i % TYPES.length];
    const app = i % 500;
    const iap = type.startsWith("IA");
    const units = i % 97 === 0 ? -1 : 1 + (i % 13);
    const price = type === "7F" || type === "3F" ? "0" : (0.99 + (i % 5)).toFixed(2);
    const proceeds = (Number(price) * 0.7).toFixed(2);
    const title = iap ? `Pack ${i % 40} für Café ${app}` : `App ${app} – 日本`;
    const sku = iap ? `SKU${app}_IAP${i % 40}` : `SKU${app}`;
    chunk += ["APPLE", "US", sku, "Bench Developer", title, "1.0", type, String(units), proceeds, "05/04/2026", "05/04/2026", currency, country, currency, String(1_000_000 + app), price, "", iap ? `SKU${app}` : "", "", "", "Games", "", "iPhone", "iOS", "", "", "", ""].join("\t") + "\n";
    if (chunk.length > 256 * 1024) {
      await Promise.all([write(gz, chunk), write(plain, chunk)]);
      chunk = "";
    }
  }
  await Promise.all([write(gz, chunk), write(plain, chunk)]);
  gz.end();
  plain.end();
  await Promise.all([gzDone, once(plain, "finish")]);
}

/** Peak resident and heap memory while `work` runs, sampled every 10 ms. */
async function withPeakMemory<T>(work: () => Promise<T>) {
  global.gc?.();
  const before = process.memoryUsage();
  let rss = before.rss;
  let heap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 10);
  const t = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - t, peakRssMiB: +(rss / 2 ** 20).toFixed(1), rssGrowthMiB: +((rss - before.rss) / 2 ** 20).toFixed(1), peakHeapMiB: +(heap / 2 ** 20).toFixed(1) };
  } finally {
    clearInterval(timer);
  }
}

async function bareCopy(file: string) {
  const client = await bulkPool().connect();
  try {
    await client.query(`DROP TABLE IF EXISTS bench_sales_copy`);
    await client.query(`CREATE TABLE bench_sales_copy (${SALES_COLUMNS.map((_, i) => `c${i} text`).join(", ")})`);
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY bench_sales_copy FROM STDIN`)));
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM bench_sales_copy`);
    await client.query(`DROP TABLE bench_sales_copy`);
    return rows[0].n as number;
  } finally {
    client.release();
  }
}

async function main() {
  const dir = join(tmpdir(), `ascdash-sales-bench-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  try {
    const owner = await makeUser();
    const org = await makeOrg(owner, "Sales bench");
    const ctx = await ownerContext(owner, org.id);
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const conn = await createConnection(ctx, { name: "Bench", issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey });
    await writeReport(dir);
    const gzBytes = statSync(join(dir, "report.tsv.gz")).size;
    const tsvBytes = statSync(join(dir, "report.tsv")).size;

    const ingest: { ms: number; rows: number; peakRssMiB: number; rssGrowthMiB: number; peakHeapMiB: number }[] = [];
    const copy: { ms: number; rows: number; peakRssMiB: number }[] = [];
    // Alternating, so neither side always runs on a warmer cache; each ingest replaces the day the last one stored.
    for (let run = 0; run < RUNS; run++) {
      const a = await withPeakMemory(() => ingestSalesDay({ organizationId: org.id, connectionId: conn.id }, "2026-05-04", gzipTsv(createReadStream(join(dir, "report.tsv.gz")))));
      ingest.push({ ms: a.ms, rows: a.result, peakRssMiB: a.peakRssMiB, rssGrowthMiB: a.rssGrowthMiB, peakHeapMiB: a.peakHeapMiB });
      const b = await withPeakMemory(() => bareCopy(join(dir, "report.tsv")));
      copy.push({ ms: b.ms, rows: b.result, peakRssMiB: b.peakRssMiB });
      process.stdout.write(`  run ${run + 1}: ingest ${a.result} rows in ${a.ms.toFixed(0)} ms (peak RSS ${a.peakRssMiB} MiB, heap ${a.peakHeapMiB} MiB); bare COPY ${b.result} rows in ${b.ms.toFixed(0)} ms\n`);
    }
    const rate = (xs: { ms: number; rows: number }[]) => Math.round(median(xs.map((x) => x.rows / (x.ms / 1000))));
    const out = {
      date: new Date().toISOString(),
      machine: machine(),
      setup: {
        rows: ROWS,
        runs: RUNS,
        report: { columns: SALES_COLUMNS.length, gzipBytes: gzBytes, tsvBytes },
        ingest: "gzip stream → gunzip → header-name parse → COPY into SalesRow (its indexes) in one transaction, replacing the day",
        baseline: "uncompressed TSV → COPY into a scratch table of text columns without indexes, same run, same database",
        memory: "process RSS and V8 heap sampled every 10 ms; the baseline streams the file, so its figure is the process at rest",
      },
      ingest: { rowsPerSecond: rate(ingest), medianMs: Math.round(median(ingest.map((x) => x.ms))), peakRssMiB: Math.max(...ingest.map((x) => x.peakRssMiB)), peakRssGrowthMiB: Math.max(...ingest.map((x) => x.rssGrowthMiB)), peakHeapMiB: Math.max(...ingest.map((x) => x.peakHeapMiB)), runs: ingest },
      copy: { rowsPerSecond: rate(copy), medianMs: Math.round(median(copy.map((x) => x.ms))), peakRssMiB: Math.max(...copy.map((x) => x.peakRssMiB)), runs: copy },
    };
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/sales-ingest.json", JSON.stringify(out, null, 2) + "\n");
    process.stdout.write(
      `sales ingestion (${ROWS} rows): ${out.ingest.rowsPerSecond} rows/s, peak RSS ${out.ingest.peakRssMiB} MiB (+${out.ingest.peakRssGrowthMiB}); bare COPY ${out.copy.rowsPerSecond} rows/s\nwrote bench-results/sales-ingest.json\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
