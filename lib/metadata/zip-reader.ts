import { Worker } from "node:worker_threads";
import { AppError } from "@/lib/errors";
import { readZipEntries, type ZipEntries, type ZipLimits } from "./zip-entries";

/** A fastlane metadata folder is a few hundred small text files; screenshots beside them are listed, never inflated. */
export const FASTLANE_ZIP_LIMITS: ZipLimits = { maxEntries: 2_000, maxEntryBytes: 1024 * 1024, maxTotalBytes: 16 * 1024 * 1024, inflateOnly: [".txt"] };
export const ZIP_TIME_LIMIT_MS = 2_000;
/** Zips read at once by this process; a few more wait their turn, the rest are told to come back. */
const MAX_RUNNING = 2;
const MAX_WAITING = 16;

/*
 * The worker's whole program, as source text: a worker started from a file would need that
 * file traced into the standalone build, and the reader is a single self-contained function.
 * `__name` is the helper some TypeScript transforms (keepNames) call inside functions.
 */
const WORKER_SOURCE = `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const zlib = require("node:zlib");
var __name = (target) => target;
const readZipEntries = (${readZipEntries.toString()});
try {
  const bytes = Buffer.from(workerData.zip, "base64");
  const files = readZipEntries(zlib, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), workerData.limits);
  parentPort.postMessage({ files }, files.map((f) => f.data.buffer));
} catch (e) {
  parentPort.postMessage({ refused: e && e.zipRefusal ? e.message : null, failure: String(e && e.stack || e) });
}
`;

const invalid = (message: string, internal?: string) => new AppError("validation", message, { field: "zip", internal });

let running = 0;
const waiting: (() => void)[] = [];

async function acquire() {
  if (running < MAX_RUNNING) {
    running++;
    return;
  }
  if (waiting.length >= MAX_WAITING) throw new AppError("unavailable", "Too many zip files are being read right now; try again in a moment.", { retryAfterSeconds: 2 });
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release() {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

type Reply = { files: ZipEntries } | { refused: string | null; failure: string };

function run(zip: string, limits: ZipLimits, timeLimitMs: number): Promise<ZipEntries> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { zip, limits },
      env: {},
      // The caps bound what the reader allocates; these bound the rest should the reader be wrong.
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16, stackSizeMb: 4 },
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(invalid("The zip took too long to read."))), timeLimitMs);
    worker.once("message", (reply: Reply) =>
      finish(() => {
        if ("files" in reply) resolve(reply.files);
        else reject(reply.refused ? invalid(reply.refused) : invalid("The file is not a readable zip archive.", reply.failure));
      }),
    );
    worker.once("error", (err: Error & { code?: string }) =>
      finish(() => reject(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? invalid("The zip needs too much memory to read.") : new AppError("internal", "Something went wrong on our side.", { cause: err }))),
    );
    worker.once("exit", (code) => finish(() => reject(new AppError("internal", "Something went wrong on our side.", { internal: `zip reader exited with ${code}` }))));
  });
}

/**
 * The files of a base64-encoded zip, read in a worker thread so that no archive can hold up
 * this process: the reader stops at the limits, and the worker is stopped after
 * `timeLimitMs`. A refused zip is a validation error naming the problem.
 */
export async function readZipInWorker(zipBase64: string, limits: ZipLimits = FASTLANE_ZIP_LIMITS, timeLimitMs = ZIP_TIME_LIMIT_MS): Promise<ZipEntries> {
  await acquire();
  try {
    return await run(zipBase64, limits, timeLimitMs);
  } finally {
    release();
  }
}
