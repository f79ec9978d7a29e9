import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { Transform } from "node:stream";
import { createInflateRaw, crc32 } from "node:zlib";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { MediaUpload } from "@/lib/generated/prisma/client";
import { EDITABLE_VERSION_STATES, versionStateOf } from "@/lib/metadata/fields";
import { visibleApp } from "@/lib/metadata/grid";
import type { ZipLimits } from "@/lib/metadata/zip-entries";
import { actorColumns, actorLabel } from "@/lib/tenancy/actor";
import type { OrgContext } from "@/lib/tenancy/context";
import { checkCount, checkFile, type Refusal } from "./check";
import { inspectImage } from "./inspect";
import { detectDisplayType, LIMITS, screenshotType, sizesInWords, SCREENSHOT_TYPES } from "./specs";
import { removeStaged, stagedPath, stageStream, type BodyStream, type Staged } from "./staging";
import { enqueueUpload, setFill } from "./uploads";

/**
 * A fastlane `screenshots/` folder, zipped: `screenshots/<locale>/<name>.png|jpg`. The zip
 * is streamed to staging, then each image is inflated from disk into a staged file of its
 * own (never the archive or a file whole in memory), under the same kind of limits the
 * metadata zip reader keeps (entries, bytes per entry, bytes in all; no encryption, no
 * ZIP64, no entries sharing data). The display type comes from each image's pixel size,
 * as fastlane's deliver finds it. Every file is checked before anything is queued.
 */

export const MEDIA_ZIP_MAX_BYTES = 2 * 1024 * 1024 * 1024;
export const MEDIA_ZIP_LIMITS: ZipLimits = { maxEntries: 2_000, maxEntryBytes: LIMITS.SCREENSHOT.maxBytes, maxTotalBytes: 4 * 1024 * 1024 * 1024, inflateOnly: [".png", ".jpg", ".jpeg"] };

type Entry = { name: string; method: number; flags: number; crc: number; compressed: number; size: number; localOffset: number };

const refuse = (message: string) => new AppError("validation", message, { field: "zip" });

async function readAt(fh: FileHandle, position: number, length: number) {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The central directory's entries, read from the end of the file; refused when it cannot be trusted. */
async function centralDirectory(fh: FileHandle, fileSize: number, limits: ZipLimits): Promise<Entry[]> {
  const tailLength = Math.min(fileSize, 22 + 65_535);
  const tail = await readAt(fh, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === 0x06054b50 && at + 22 + tail.readUInt16LE(at + 20) === tail.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw refuse("The file is not a readable zip archive.");
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw refuse("ZIP64 archives are not accepted; zip the folder with a standard zip tool.");
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) throw refuse("Split zip archives are not accepted.");
  if (count > limits.maxEntries) throw refuse(`The zip has more than ${limits.maxEntries.toLocaleString("en-US")} entries.`);
  if (cdOffset + cdSize > fileSize || cdSize > count * (46 + 65_535 * 3)) throw refuse("The file is not a readable zip archive.");
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: Entry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) throw refuse("The file is not a readable zip archive.");
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    const flags = cd.readUInt16LE(at + 8);
    const name = cd.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, at + 46 + nameLength);
    entries.push({ name, flags, method: cd.readUInt16LE(at + 10), crc: cd.readUInt32LE(at + 16), compressed: cd.readUInt32LE(at + 20), size: cd.readUInt32LE(at + 24), localOffset: cd.readUInt32LE(at + 42) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry from disk into staging, checking its declared size and CRC on the way. */
async function stageEntry(orgId: string, fh: FileHandle, e: Entry, fileSize: number, zipPath: string): Promise<Staged> {
  const shown = JSON.stringify(e.name.slice(0, 120));
  if (e.flags & 0x1) throw refuse(`The zip entry ${shown} is encrypted.`);
  if (e.method !== 0 && e.method !== 8) throw refuse(`The zip entry ${shown} uses a compression method other than deflate.`);
  if (e.compressed === 0xffffffff || e.size === 0xffffffff || e.localOffset === 0xffffffff) throw refuse("ZIP64 archives are not accepted; zip the folder with a standard zip tool.");
  const local = await readAt(fh, e.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw refuse("The file is not a readable zip archive.");
  const start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (start + e.compressed > fileSize) throw refuse("The file is not a readable zip archive.");
  if (e.method === 0 && e.compressed !== e.size) throw refuse(`The zip entry ${shown} is not the size it declares.`);
  if (e.compressed === 0 || e.size === 0) throw refuse(`The zip entry ${shown} is empty.`);
  let crc = 0;
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > e.size) return done(refuse(`The zip entry ${shown} inflates to more than it declares.`));
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
  });
  const raw = createReadStream(zipPath, { start, end: start + e.compressed - 1 });
  const source = e.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  source.on("error", (err: Error) => check.destroy(err));
  const staged = await stageStream(orgId, source.pipe(check), e.size).catch((err: unknown) => {
    throw err instanceof AppError && err.code === "validation" && err.publicMessage.includes("zip") ? err : refuse(`The zip entry ${shown} could not be read.`);
  });
  if (size !== e.size || (crc >>> 0) !== e.crc) {
    await removeStaged(staged.path);
    throw refuse(`The zip entry ${shown} is damaged (its size or checksum is not the one declared).`);
  }
  return staged;
}

/** `…screenshots/<locale>/<file>.png|jpg` → locale and file; anything else (folders, notes, macOS extras) is not a screenshot. */
function screenshotPath(name: string): { locale: string; file: string } | null {
  const parts = name.split("/");
  if (parts.some((p) => p === "__MACOSX" || p.startsWith("."))) return null;
  const i = parts.lastIndexOf("screenshots");
  if (i < 0 || parts.length !== i + 3) return null;
  const [locale, file] = parts.slice(i + 1);
  if (!locale || !/\.(png|jpe?g)$/i.test(file)) return null;
  return { locale, file };
}

type Found = { locale: string; file: string; shownName: string; staged: Staged; displayType: string | null; width: number; height: number; alpha: boolean; format: "PNG" | "JPEG" | null };

/**
 * Imports a zipped fastlane screenshots folder into a version: 422 listing every refused
 * file (nothing queued), else one batch with the files of each set in file-name order.
 */
export async function importMediaZip(ctx: OrgContext, appId: string, versionId: string, body: BodyStream | null): Promise<{ refusals: Refusal[] } | { batchId: string; uploads: MediaUpload[] }> {
  const app = await visibleApp(ctx, appId);
  const version = await db.syncedVersion.findFirst({
    where: { organizationId: ctx.orgId, id: versionId, appId: app.id },
    select: { id: true, versionString: true, appStoreState: true, appVersionState: true, localizations: { select: { id: true, appleId: true, locale: true } } },
  });
  if (!version) throw notFound("Version");
  const state = versionStateOf(version);
  if (!state || !EDITABLE_VERSION_STATES.has(state)) throw new AppError("conflict", `Version ${version.versionString} cannot take new screenshots in its current state.`);
  const zip = await stageStream(ctx.orgId, body, MEDIA_ZIP_MAX_BYTES);
  const found: Found[] = [];
  try {
    const zipFile = stagedPath(zip.path);
    const fh = await open(zipFile, "r");
    try {
      const entries = (await centralDirectory(fh, zip.size, MEDIA_ZIP_LIMITS)).filter((e) => !e.name.endsWith("/"));
      // Entries that share bytes inflate one archive into many files.
      const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
      for (let i = 1; i < byOffset.length; i++) if (byOffset[i].localOffset < byOffset[i - 1].localOffset + 30 + byOffset[i - 1].compressed) throw refuse("The zip's entries overlap.");
      let total = 0;
      for (const e of entries) {
        const at = screenshotPath(e.name);
        if (!at) continue;
        if (e.size > MEDIA_ZIP_LIMITS.maxEntryBytes) throw refuse(`${at.locale}/${at.file} is larger than ${Math.round(MEDIA_ZIP_LIMITS.maxEntryBytes / 1048576)} MB, the most Apple takes for a screenshot.`);
        total += e.size;
        if (total > MEDIA_ZIP_LIMITS.maxTotalBytes) throw refuse("The zip's screenshots add up to more than accepted.");
        const staged = await stageEntry(ctx.orgId, fh, e, zip.size, zipFile);
        const img = await inspectImage(stagedPath(staged.path));
        found.push({ ...at, shownName: `${at.locale}/${at.file}`, staged, displayType: img.format ? detectDisplayType(img.width, img.height) : null, ...img });
      }
    } finally {
      await fh.close();
    }
  } catch (e) {
    await Promise.all(found.map((f) => removeStaged(f.staged.path)));
    throw e;
  } finally {
    await removeStaged(zip.path);
  }
  const drop = () => Promise.all(found.map((f) => removeStaged(f.staged.path)));
  if (!found.length) {
    await drop();
    throw refuse("The zip holds no screenshots: fastlane's layout is screenshots/<locale>/<name>.png (or .jpg).");
  }

  const locs = new Map(version.localizations.map((l) => [l.locale, l]));
  const refusals: Refusal[] = [];
  for (const f of found) {
    if (!locs.has(f.locale)) refusals.push({ file: f.shownName, message: `${f.shownName}: version ${version.versionString} has no locale "${f.locale}" (it has ${[...locs.keys()].join(", ")}).` });
    else if (f.format && !f.displayType) {
      const known = SCREENSHOT_TYPES.filter((t) => t.family !== "iMessage").flatMap((t) => t.sizes.slice(0, 1));
      refusals.push({ file: f.shownName, message: `${f.shownName} is ${f.width}×${f.height}, a size no display type takes (for example ${sizesInWords(known.slice(0, 6))}; Apple's screenshot specifications list them all).` });
    } else {
      const r = checkFile("SCREENSHOT", f.displayType ?? "", f, f.staged.size, f.shownName);
      if (r) refusals.push(r);
    }
  }
  const groups = new Map<string, Found[]>();
  for (const f of found) if (f.displayType && locs.has(f.locale)) groups.set(`${f.locale}\n${f.displayType}`, [...(groups.get(`${f.locale}\n${f.displayType}`) ?? []), f]);
  for (const [key, files] of groups) {
    const [locale, displayType] = key.split("\n");
    const fill = await setFill(ctx.orgId, locs.get(locale)!.id, "SCREENSHOT", displayType);
    const over = checkCount("SCREENSHOT", screenshotType(displayType)?.label ?? displayType, fill.held, fill.underWay, files.length);
    if (over) refusals.push({ file: `${locale}/`, message: `${locale}: ${over}` });
  }
  if (refusals.length) {
    await drop();
    return { refusals };
  }

  const batchId = randomUUID();
  const uploads: MediaUpload[] = [];
  try {
    for (const [key, files] of groups) {
      const loc = locs.get(key.split("\n")[0])!;
      files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      const rows = await db.$transaction(
        files.map((f, i) =>
          db.mediaUpload.create({
            data: {
              organizationId: ctx.orgId, connectionId: app.connectionId, appId: app.id, localizationId: loc.id, locale: loc.locale, batchId, sequence: i + 1,
              kind: "SCREENSHOT", displayType: f.displayType!, fileName: f.file, fileSize: f.staged.size, checksum: f.staged.md5, width: f.width, height: f.height,
              mimeType: f.format === "JPEG" ? "image/jpeg" : "image/png", stagedPath: f.staged.path, ...actorColumns(ctx.actor, "createdBy"), createdByEmail: actorLabel(ctx.actor),
            },
          }),
        ),
      );
      uploads.push(...rows);
    }
  } catch (e) {
    await drop();
    throw e;
  }
  for (const row of uploads) await enqueueUpload(row);
  return { batchId, uploads };
}
