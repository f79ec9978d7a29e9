import { UnrecoverableError } from "bullmq";
import { ascAppError, AscError } from "@/lib/asc/errors";
import { mediaUploader, putPart, UploadPartError, type AppleAsset, type MediaUploader, type UploadOperation } from "@/lib/asc/media-upload";
import { auditRow } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { MediaUpload } from "@/lib/generated/prisma/client";
import type { JobContext } from "@/lib/jobs/context";
import type { JobPayload } from "@/lib/jobs/definitions";
import { syncTarget, type SyncTarget } from "@/lib/sync/connection";
import { afterFailure } from "@/lib/sync/failures";
import { applyRefusal } from "@/lib/sync/guard";
import { syncLocalizationMedia } from "@/lib/sync/media";
import { withConnectionSlot } from "@/lib/sync/runner";
import { LIMITS } from "./specs";
import { removeStaged, stagedPath } from "./staging";
import { ACTIVE_STATUSES, UNSETTLED } from "./uploads";

/**
 * The worker's side of an upload: a batch's files for one set, in order, through Apple's
 * protocol. Each step is saved on the row before the next, so a worker that dies resumes:
 * a RESERVED row sends the parts not yet acknowledged, an UPLOADED row commits, a
 * COMMITTED row only waits for Apple; a row that died while being reserved finds the
 * reservation Apple made for it (same name and size, awaiting upload, known to no row)
 * and deletes it before reserving again. No duplicate and no abandoned reservation.
 */

type P = JobPayload<"media-upload">;
type Row = MediaUpload;

/** Waits between reads of the delivery state: 1 s, doubling, at most 15 s; previews can take minutes. */
export const POLL_DELAYS_MS = { first: 1_000, cap: 15_000, giveUpAfter: 30 * 60_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const save = (row: Row, data: Partial<Row>) => db.mediaUpload.update({ where: { id: row.id }, data: data as never }).then((r) => Object.assign(row, r));

async function fail(row: Row, code: string, error: string, now: Date) {
  const staged = row.stagedPath;
  await save(row, { status: "FAILED", errorCode: code, error, finishedAt: now, stagedPath: null });
  await removeStaged(staged);
}

/** A reservation that will never be committed is deleted at Apple, so none is left awaiting upload; best effort. */
async function dropReservation(up: MediaUploader, row: Row) {
  if (row.assetAppleId) await up.deleteAsset(row.kind, row.assetAppleId).catch(() => undefined);
}

/** Apple's refusal of one file, in words, ending that file; anything retrying can fix is thrown for the queue. */
async function failOnRefusal(up: MediaUploader, row: Row, e: unknown) {
  const refused = e instanceof AscError && e.status >= 400 && e.status < 500 && e.status !== 429 && e.status !== 401;
  if (!refused && !(e instanceof UploadPartError && e.status >= 400)) return false;
  await fail(row, e instanceof AscError ? e.code : `UPLOAD_HOST_${(e as UploadPartError).status}`, e instanceof AscError ? ascAppError(e).publicMessage : (e as Error).message, new Date());
  await dropReservation(up, row);
  return true;
}

async function reserve(up: MediaUploader, row: Row, setId: string) {
  // Written first: a worker dying between Apple's answer and the next save leaves this mark, so only its own reservation is looked for later.
  await save(row, { reservingAt: new Date() });
  const r = await up.reserve(row.kind, setId, { fileName: row.fileName, fileSize: row.fileSize, mimeType: row.mimeType, previewFrameTimeCode: row.previewFrameTimeCode });
  await save(row, { status: "RESERVED", setAppleId: setId, assetAppleId: r.id, uploadOperations: r.operations as never, partsTotal: r.operations.length, partsDone: 0, bytesSent: 0 });
}

/** Sends the parts Apple has not acknowledged yet, each streamed from the staged file, noting each one. */
async function sendParts(row: Row) {
  const ops = (row.uploadOperations ?? []) as UploadOperation[];
  const file = stagedPath(row.stagedPath!);
  for (let i = row.partsDone; i < ops.length; i++) {
    await putPart(ops[i], file);
    await save(row, { partsDone: i + 1, bytesSent: row.bytesSent + ops[i].length });
  }
  await save(row, { status: "UPLOADED" });
}

/** Reads the set until every committed row's asset is COMPLETE or FAILED; one request per read, whatever the number of files. */
async function awaitDelivery(up: MediaUploader, rows: Row[], setId: string): Promise<AppleAsset[]> {
  let delay = POLL_DELAYS_MS.first;
  const started = Date.now();
  let assets: AppleAsset[] = [];
  for (;;) {
    const waiting = rows.filter((r) => r.status === "COMMITTED");
    if (!waiting.length) return assets;
    if (Date.now() - started > POLL_DELAYS_MS.giveUpAfter) throw new Error("Apple is still processing; the job will look again.");
    await sleep(delay);
    delay = Math.min(delay * 2, POLL_DELAYS_MS.cap);
    assets = await up.assets(waiting[0].kind, setId);
    const byId = new Map(assets.map((a) => [a.id, a]));
    for (const row of waiting) {
      const a = byId.get(row.assetAppleId!);
      const now = new Date();
      if (!a) await fail(row, "ASSET_GONE", "App Store Connect no longer holds this upload (it was deleted elsewhere).", now);
      else if (a.state === "COMPLETE") {
        const staged = row.stagedPath;
        await save(row, { status: "COMPLETE", deliveryState: a.state, finishedAt: now, stagedPath: null });
        await removeStaged(staged);
      } else if (a.state === "FAILED") {
        const first = a.errors[0];
        await save(row, { deliveryState: a.state });
        await fail(row, first?.code ?? "FAILED", first ? `App Store Connect could not process ${row.fileName}: ${first.description || first.code}` : `App Store Connect could not process ${row.fileName}.`, now);
        // A failed asset still takes a place in the set; it is of no use there.
        await up.deleteAsset(row.kind, a.id);
      } else if (a.state !== row.deliveryState) await save(row, { deliveryState: a.state });
    }
  }
}

/** Deletes the replaced assets and puts each new one where its predecessor was. */
async function applyReplacements(up: MediaUploader, rows: Row[], setId: string, before: AppleAsset[], organizationId: string) {
  const done = rows.filter((r) => r.status === "COMPLETE" && r.replacesAssetId);
  if (!done.length) return;
  let order = before.map((a) => a.id);
  for (const row of done) {
    const old = await db.mediaAsset.findFirst({ where: { organizationId, id: row.replacesAssetId! }, select: { appleId: true } });
    if (!old) continue;
    await up.deleteAsset(row.kind, old.appleId);
    const at = order.indexOf(old.appleId);
    order = order.filter((id) => id !== row.assetAppleId);
    if (at >= 0) order[at] = row.assetAppleId!;
    else order.push(row.assetAppleId!);
  }
  const now = await up.assets(done[0].kind, setId);
  const present = new Set(now.map((a) => a.id));
  const wanted = [...order.filter((id) => present.has(id)), ...now.map((a) => a.id).filter((id) => !order.includes(id))];
  if (wanted.join() !== now.map((a) => a.id).join()) await up.reorder(done[0].kind, setId, wanted);
}

/**
 * The history row and audit event of a finished batch for a set, in the name of whoever sent
 * the files, written with the rows' settled mark: a job retried after this point writes
 * nothing twice, and one retried before it writes them then.
 */
async function recordBatch(rows: Row[], versionString: string | null) {
  const ok = rows.filter((r) => r.status === "COMPLETE" && !r.settledAt);
  if (!ok.length) return;
  const first = ok[0];
  for (const action of ["UPLOADED", "REPLACED"] as const) {
    const these = ok.filter((r) => (action === "REPLACED") === !!r.replacesAssetId);
    if (!these.length) continue;
    const detail = these.map((r) => r.fileName).join(", ");
    // The change and its audit event together; the connection in the event lets members limited to it see it.
    await db.$transaction([
      db.mediaChange.create({
        data: {
          organizationId: first.organizationId, connectionId: first.connectionId, appId: first.appId, versionString, locale: first.locale, kind: first.kind, displayType: first.displayType,
          action, detail, byId: first.createdById, byTokenId: first.createdByTokenId, byEmail: first.createdByEmail, at: nowDate(),
        },
      }),
      db.auditEvent.create({
        data: {
          ...auditRow({
            organizationId: first.organizationId, action: action === "UPLOADED" ? "media.uploaded" : "media.replaced", target: { type: "app", id: first.appId },
            metadata: { connectionId: first.connectionId, version: versionString, locale: first.locale, displayType: first.displayType, files: these.map((r) => r.fileName) },
          }),
          actorId: first.createdById, actorTokenId: first.createdByTokenId, actorEmail: first.createdByEmail,
        },
      }),
      db.mediaUpload.updateMany({ where: { id: { in: these.map((r) => r.id) } }, data: { settledAt: new Date() } }),
    ]);
  }
}

/**
 * Reservations Apple holds for this set that no row knows, left by a worker that died while
 * reserving: only for rows that had started reserving, and only where exactly one such
 * reservation matches the file, so an upload by anyone else (another tool, another
 * connection on the same team) sending the same file is never touched.
 */
function orphansOf(assets: AppleAsset[], queued: Row[], known: Set<string>) {
  return queued
    .filter((r) => r.reservingAt)
    .flatMap((r) => {
      const matches = assets.filter((a) => a.state === "AWAITING_UPLOAD" && !known.has(a.id) && a.fileName === r.fileName && a.fileSize === r.fileSize);
      return matches.length === 1 ? matches : [];
    });
}

async function sendBatch(t: SyncTarget, p: P, rows: Row[]) {
  const up = mediaUploader(t.client);
  const loc = await db.syncedVersionLocalization.findFirstOrThrow({ where: { organizationId: p.organizationId, id: p.localizationId }, select: { appleId: true, version: { select: { versionString: true } } } });
  const sets = await up.sets(p.kind, loc.appleId);
  let set = sets.find((s) => s.displayType === p.displayType);
  const queued = rows.filter((r) => r.status === "QUEUED");
  if (set && queued.length) {
    const known = new Set((await db.mediaUpload.findMany({ where: { organizationId: p.organizationId, setAppleId: set.id, assetAppleId: { not: null } }, select: { assetAppleId: true } })).map((r) => r.assetAppleId!));
    const orphans = orphansOf(set.assets, queued, known);
    for (const orphan of orphans) await up.deleteAsset(p.kind, orphan.id);
    set = { ...set, assets: set.assets.filter((a) => !orphans.includes(a)) };
  }
  const setId = set?.id ?? (await up.createSet(p.kind, loc.appleId, p.displayType));
  set ??= { id: setId, displayType: p.displayType, assets: [] };
  let held = set.assets.length;
  for (const row of rows) {
    try {
      if (row.status === "QUEUED") {
        // A replacement into a full set makes room first; it still takes the old one's place.
        if (row.replacesAssetId && held >= LIMITS[p.kind].max) {
          const old = await db.mediaAsset.findFirst({ where: { organizationId: p.organizationId, id: row.replacesAssetId }, select: { appleId: true } });
          if (old) await up.deleteAsset(p.kind, old.appleId);
        }
        await reserve(up, row, setId);
        held++;
      }
      if (row.status === "RESERVED") await sendParts(row);
      if (row.status === "UPLOADED") {
        await up.commit(p.kind, row.assetAppleId!, row.checksum);
        await save(row, { status: "COMMITTED", deliveryState: "UPLOAD_COMPLETE" });
      }
    } catch (e) {
      if (!(await failOnRefusal(up, row, e))) throw e;
    }
  }
  await awaitDelivery(up, rows, setId);
  await applyReplacements(up, rows, setId, set.assets, p.organizationId);
  return loc.version.versionString;
}

/**
 * The `media-upload` job: the batch's unfinished files for one set, one job at a time per
 * set (later jobs of the same batch find nothing left and end). Afterwards the
 * localization's media is read again, and the batch is recorded in the history and the
 * audit log.
 */
export function runMediaUpload(p: P, ctx: JobContext) {
  const setKey = `${p.connectionId}:media:${p.localizationId}:${p.kind}:${p.displayType}`;
  return withConnectionSlot(ctx, p.connectionId, async () => {
    const rows = await db.mediaUpload.findMany({
      where: { organizationId: p.organizationId, batchId: p.batchId, localizationId: p.localizationId, kind: p.kind, displayType: p.displayType, ...UNSETTLED },
      orderBy: { sequence: "asc" },
    });
    if (!rows.length) return { uploaded: 0 };
    let t: SyncTarget;
    try {
      t = await syncTarget(p.organizationId, p.connectionId, { priority: "interactive" });
    } catch (e) {
      if ((e as { code?: string }).code === "P2025") return { dropped: "connection deleted" };
      throw e;
    }
    try {
      const versionString = await sendBatch(t, p, rows);
      // What Apple now holds, for the grid: the localization's sets read again (2 requests).
      await syncLocalizationMedia(t, p.localizationId);
      await recordBatch(rows, versionString);
      return { uploaded: rows.filter((r) => r.status === "COMPLETE").length, failed: rows.filter((r) => r.status === "FAILED").length };
    } catch (e) {
      ctx.log.warn({ batchId: p.batchId, err: { message: (e as Error).message } }, "media upload stopped");
      const refusal = await applyRefusal(p, e, []);
      if (refusal || afterFailure(e, ctx.job) === "final") {
        const reason = refusal?.reason.message ?? (e instanceof AscError ? ascAppError(e).publicMessage : "The upload stopped on an unexpected error; see the worker log.");
        const up = mediaUploader(t.client);
        for (const row of rows.filter((r) => (ACTIVE_STATUSES as readonly string[]).includes(r.status))) {
          const uncommitted = row.status === "RESERVED" || row.status === "UPLOADED";
          await fail(row, e instanceof AscError ? e.code : "INTERNAL", reason, new Date());
          if (uncommitted && !refusal?.paused) await dropReservation(up, row);
        }
        // Files Apple finished stay as they are; nothing more is tried for them.
        await db.mediaUpload.updateMany({ where: { id: { in: rows.filter((r) => r.status === "COMPLETE").map((r) => r.id) }, settledAt: null }, data: { settledAt: new Date() } });
        throw new UnrecoverableError(reason);
      }
      throw e;
    }
  }, setKey);
}
