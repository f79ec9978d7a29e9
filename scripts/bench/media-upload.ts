import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { crc32, deflateSync } from "node:zlib";
import { db } from "@/lib/db/client";
import { closeQueues } from "@/lib/jobs/queues";
import { POLL_DELAYS_MS } from "@/lib/media/upload-run";
import { stageUpload } from "@/lib/media/uploads";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncMetadata } from "@/lib/sync/metadata";
import { AscSimulator } from "../../tests/asc-sim/server";
import { png } from "../../tests/support/png";
import { machine, peakRssMiB, runBench, simBenchConnection, startWorker, stopWorker } from "./support";

/**
 * Screenshots for a whole app in one go: 10 iPhone 6.5" screenshots to each of 40 locales,
 * staged as the web app stages them and sent by a real worker process to the simulator.
 * App Store Connect requests against the minimum for the protocol, 429s, wall time and the
 * worker's peak memory. Writes bench-results/media-upload.json.
 */
const LOCALES = 40;
const PER_SET = 10;
const DISPLAY_TYPE = "APP_IPHONE_65";
/** Apple's processing time of a screenshot on the simulator's clock (its default is 5 s). */
const PROCESSING_MS = Number(process.env.BENCH_MEDIA_PROCESSING_MS ?? 1_000);
const EXTRA_LOCALES = ["ar-SA", "ca", "cs", "da", "el", "en-AU", "en-CA", "en-GB", "es-MX", "fi", "fr-CA", "he", "hi", "hr", "hu", "id", "ms", "no", "pl", "pt-PT", "ro", "ru", "sk", "sv", "th", "tr", "uk", "vi", "zh-Hant", "bn-BD"];

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);


/** An opaque PNG of random pixels: it does not compress, so the file is as large as its pixels (about 17 MB at iPad 13" size). */
function noisyPng(width: number, height: number) {
  const raw = randomBytes((1 + width * 3) * height);
  for (let y = 0; y < height; y++) raw[y * (1 + width * 3)] = 0;
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 1 })), chunk("IEND", Buffer.alloc(0))]);
}

async function waitForBatches(batches: string[], started: number) {
  for (;;) {
    const open = await db.mediaUpload.count({ where: { batchId: { in: batches }, status: { notIn: ["COMPLETE", "FAILED"] } } });
    if (open === 0) return;
    if (performance.now() - started > 30 * 60_000) throw new Error(`${open} uploads did not finish`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Reads of the set the poll schedule (1 s, doubling, capped) makes before Apple's processing time has passed since the last commit. */
function pollsFor(processingMs: number) {
  let waited = 0;
  let delay = POLL_DELAYS_MS.first;
  let polls = 0;
  do {
    waited += delay;
    delay = Math.min(delay * 2, POLL_DELAYS_MS.cap);
    polls++;
  } while (waited < processingMs);
  return polls;
}

async function main() {
  const staging = mkdtempSync(path.join(tmpdir(), "bench-media-"));
  process.env.MEDIA_STAGING_DIR = staging;
  const sim = await new AscSimulator({ seed: 12, sizes: { apps: 1, reviewsPerApp: 1 }, hourlyBudget: 1_000_000, media: { screenshotProcessingMs: PROCESSING_MS } }).listen();
  process.env.ASC_API_BASE_URL = sim.url;
  const worker = startWorker();
  try {
    // An account whose version being prepared has 40 locales: the ten the simulator seeds, and thirty more.
    const { org, ctx, conn, state } = await simBenchConnection(sim, "Media bench", { seed: 12, sizes: { apps: 1, reviewsPerApp: 1, locales: 10 } });
    const versionId = `${state.apps[0].id}-v2`;
    const template = state.versionLocs.find((l) => l.versionId === versionId)!;
    EXTRA_LOCALES.slice(0, LOCALES - 10).forEach((locale, i) => state.versionLocs.push({ ...template, id: `${versionId}-x${i}`, locale }));

    const t = await syncTarget(org.id, conn.id);
    const { apps } = await syncApps(t);
    await syncMetadata(t, apps[0].id);
    const version = await db.syncedVersion.findFirstOrThrow({ where: { connectionId: conn.id, appleId: versionId }, select: { localizations: { select: { id: true, locale: true } } } });
    if (version.localizations.length !== LOCALES) throw new Error(`expected ${LOCALES} locales, synced ${version.localizations.length}`);

    const files = Array.from({ length: PER_SET }, (_, i) => png(1284, 2778, { rgb: [20 + i * 20, 80, 140] }));
    const before = { requests: total(sim.stats.requests), rateLimited: sim.stats.rateLimited, puts: total(sim.stats.uploads) };
    const started = performance.now();
    const batches: string[] = [];
    for (const loc of version.localizations) {
      let batchId: string | undefined;
      for (const [i, bytes] of files.entries()) {
        const row = await stageUpload(ctx, apps[0].id, { localizationId: loc.id, displayType: DISPLAY_TYPE, kind: "SCREENSHOT", fileName: `${String(i + 1).padStart(2, "0")}.png`, batchId }, Readable.from([bytes]));
        batchId = row.batchId;
      }
      batches.push(batchId!);
    }
    const stagedSeconds = (performance.now() - started) / 1000;
    await waitForBatches(batches, started);
    const seconds = (performance.now() - started) / 1000;
    const failed = await db.mediaUpload.count({ where: { batchId: { in: batches }, status: "FAILED" } });
    const used = total(sim.stats.requests) - before.requests;
    const puts = total(sim.stats.uploads) - before.puts;
    const rateLimited = sim.stats.rateLimited - before.rateLimited;
    const polls = pollsFor(PROCESSING_MS);
    // Per set: 1 read of the localization's sets + 1 set created + N reservations + N commits + the polls + 2 reads of the localization afterwards.
    const perSet = 1 + 1 + 2 * PER_SET + polls + 2;
    const minimum = LOCALES * perSet;
    const peakAfterSmall = peakRssMiB(worker.pid!);

    // Memory against file size: three large screenshots (random pixels, about 17 MB each) in 5 MiB parts, streamed from disk part by part.
    sim.media.partSize = 5 * 1024 * 1024;
    const big = Array.from({ length: 3 }, () => noisyPng(2064, 2752));
    const bigLoc = version.localizations.find((l) => l.locale === "de-DE")!;
    let bigBatch: string | undefined;
    const bigStarted = performance.now();
    for (const [i, bytes] of big.entries()) {
      const row = await stageUpload(ctx, apps[0].id, { localizationId: bigLoc.id, displayType: "APP_IPAD_PRO_3GEN_129", kind: "SCREENSHOT", fileName: `large-${i + 1}.png`, batchId: bigBatch }, Readable.from([bytes]));
      bigBatch = row.batchId;
    }
    await waitForBatches([bigBatch!], bigStarted);
    const bigFailed = await db.mediaUpload.count({ where: { batchId: bigBatch, status: "FAILED" } });
    const peakAfterLarge = peakRssMiB(worker.pid!);

    const held = state.media.sets.filter((s) => s.displayType === DISPLAY_TYPE).map((s) => s.assetIds.length);
    const out = {
      date: new Date().toISOString(),
      machine: machine(),
      setup: {
        locales: LOCALES, screenshotsPerLocale: PER_SET, displayType: DISPLAY_TYPE, fileBytes: files[0].length, partSize: sim.media.partSize, appleProcessingMs: PROCESSING_MS,
        worker: "one worker process (npm run worker), defaults (SYNC_CONCURRENCY 4, SYNC_CONNECTION_CONCURRENCY 2), against the simulator in the bench process; files staged by this process as the web app stages them",
      },
      requestsUsed: used,
      theoreticalMinimum: minimum,
      minimumIs: `per set: 1 (read the localization's sets) + 1 (create the set) + ${PER_SET} reservations + ${PER_SET} commits + ${polls} read(s) of the set's delivery states (the 1 s, doubling poll schedule against ${PROCESSING_MS} ms of processing) + 2 (the localization's media read again) = ${perSet}; × ${LOCALES} sets`,
      uploadHostPuts: puts,
      rateLimited,
      uploads: { total: LOCALES * PER_SET, failed, heldAtApple: held.reduce((a, b) => a + b, 0), setsWithAllTen: held.filter((n) => n === PER_SET).length },
      seconds: +seconds.toFixed(1),
      stagingSeconds: +stagedSeconds.toFixed(1),
      workerPeakRssMiB: peakAfterSmall,
      largeFiles: {
        files: big.length, fileMiB: +(big[0].length / 1048576).toFixed(1), partMiB: 5, failed: bigFailed, seconds: +((performance.now() - bigStarted) / 1000).toFixed(1),
        workerPeakRssMiBBefore: peakAfterSmall, workerPeakRssMiBAfter: peakAfterLarge,
        note: "the worker's peak memory before and after sending them: each part is streamed from the staged file, never the file whole",
      },
    };
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/media-upload.json", JSON.stringify(out, null, 2) + "\n");
    process.stdout.write(
      `media upload: ${LOCALES * PER_SET} screenshots to ${LOCALES} locales in ${out.seconds} s; ${used} requests against a minimum of ${minimum}; ${out.rateLimited} 429s; ${failed} failed; worker peak RSS ${out.workerPeakRssMiB} MiB, ${peakAfterLarge} MiB after ${big.length} files of ${out.largeFiles.fileMiB} MiB\nwrote bench-results/media-upload.json\n`,
    );
  } finally {
    await stopWorker(worker);
    await closeQueues();
    await sim.close();
    rmSync(staging, { recursive: true, force: true });
  }
}

runBench(main);
