import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Files on their way to App Store Connect wait in MEDIA_STAGING_DIR (a folder every web
 * server and worker shares), one folder per organisation. A body is written there as it
 * arrives, its MD5 and size counted on the way: never held in memory whole.
 */

export type BodyStream = ReadableStream<Uint8Array> | WebReadableStream<Uint8Array> | NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
export type Staged = { path: string; size: number; md5: string };

const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STAGED = /^[A-Za-z0-9_-]{1,64}\/[a-f0-9]{32}$/;

/** The absolute path of a staged file from its stored (relative) name; anything else is refused. */
export function stagedPath(relative: string): string {
  if (!STAGED.test(relative)) throw new Error(`not a staged file name: ${relative}`);
  return path.resolve(env.MEDIA_STAGING_DIR, relative);
}

function tooLarge(maxBytes: number) {
  const size = maxBytes >= 1024 * 1024 ? `${Math.floor(maxBytes / (1024 * 1024))} MB` : `${Math.floor(maxBytes / 1024)} KB`;
  return new AppError("too_large", `The file is too large (the limit is ${size}).`, { internal: `staged body over ${maxBytes} bytes` });
}

function toNodeStream(body: BodyStream): Readable {
  if (body instanceof Readable) return body;
  if (typeof (body as ReadableStream).getReader === "function") return Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  return Readable.from(body as AsyncIterable<Uint8Array>);
}

/** Streams a body into a new staged file of the organisation; over `maxBytes` it is refused (413) and the partial file removed. */
export async function stageStream(orgId: string, body: BodyStream | null, maxBytes: number): Promise<Staged> {
  if (!ORG_ID.test(orgId)) throw new Error("bad organisation id");
  if (!body) throw new AppError("validation", "The request has no file in its body.", { field: "file" });
  const relative = `${orgId}/${randomBytes(16).toString("hex")}`;
  const file = stagedPath(relative);
  await mkdir(path.dirname(file), { recursive: true });
  const hash = createHash("md5");
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(toNodeStream(body), count, createWriteStream(file, { flags: "wx" }));
  } catch (e) {
    await rm(file, { force: true });
    if (e instanceof AppError) throw e;
    throw new AppError("validation", "The file did not arrive whole; send it again.", { field: "file", internal: (e as Error).message, cause: e });
  }
  if (size === 0) {
    await rm(file, { force: true });
    throw new AppError("validation", "The file is empty.", { field: "file" });
  }
  return { path: relative, size, md5: hash.digest("hex") };
}

/** Removes a staged file; one already gone is fine. */
export async function removeStaged(relative: string | null | undefined) {
  if (!relative) return;
  await rm(stagedPath(relative), { force: true });
}
