import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { MediaUpload } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/jobs/queues";
import { EDITABLE_VERSION_STATES, versionStateOf } from "@/lib/metadata/fields";
import { visibleApp } from "@/lib/metadata/grid";
import { actorColumns, actorLabel } from "@/lib/tenancy/actor";
import type { OrgContext } from "@/lib/tenancy/context";
import { checkCount, checkFile, type MediaKindName, type Refusal } from "./check";
import { inspectImage, inspectMovie, type ImageInfo, type MovieInfo } from "./inspect";
import { LIMITS, previewType, screenshotType } from "./specs";
import { removeStaged, stagedPath, stageStream, type BodyStream, type Staged } from "./staging";
import { onImageHost } from "./image-origins";

/**
 * Files on their way to App Store Connect: each is staged on disk, inspected and checked
 * against what Apple takes before a row is made and a job queued; nothing reaches Apple
 * until every check has passed. Rows carry each step of the upload, for progress.
 */

export const ACTIVE_STATUSES = ["QUEUED", "RESERVED", "UPLOADED", "COMMITTED"] as const;

/** Rows a job still has work for: files under way, and files Apple finished whose outcome (replacement, history, audit) is not written yet. */
export const UNSETTLED = { OR: [{ status: { in: [...ACTIVE_STATUSES] } }, { status: "COMPLETE" as const, settledAt: null }] };

export type UploadInput = {
  localizationId: string;
  displayType: string;
  kind: MediaKindName;
  fileName: string;
  previewFrameTimeCode?: string;
  replacesAssetId?: string;
  batchId?: string;
};

type App = Awaited<ReturnType<typeof visibleApp>>;
export type UploadTarget = { id: string; appleId: string; locale: string; versionString: string; editable: boolean };

/** A localization of one of the app's versions, or not_found. */
export async function uploadTarget(ctx: OrgContext, app: App, localizationId: string): Promise<UploadTarget> {
  const loc = await db.syncedVersionLocalization.findFirst({
    where: { organizationId: ctx.orgId, id: localizationId, version: { appId: app.id } },
    select: { id: true, appleId: true, locale: true, version: { select: { versionString: true, appStoreState: true, appVersionState: true } } },
  });
  if (!loc) throw notFound("Localization");
  const state = versionStateOf(loc.version);
  return { id: loc.id, appleId: loc.appleId, locale: loc.locale, versionString: loc.version.versionString, editable: !!state && EDITABLE_VERSION_STATES.has(state) };
}

const labelOf = (kind: MediaKindName, displayType: string) => (kind === "SCREENSHOT" ? screenshotType(displayType)?.label : previewType(displayType)?.label) ?? displayType;
const mimeOf = (format: string | null) => ({ PNG: "image/png", JPEG: "image/jpeg", MP4: "video/mp4", M4V: "video/x-m4v", MOV: "video/quicktime" } as Record<string, string>)[format ?? ""] ?? null;

export async function inspectStaged(kind: MediaKindName, staged: Staged): Promise<ImageInfo | MovieInfo> {
  return kind === "SCREENSHOT" ? inspectImage(stagedPath(staged.path)) : inspectMovie(stagedPath(staged.path));
}

/** What a set holds at Apple (as last synced) and what is on its way to it. */
export async function setFill(organizationId: string, localizationId: string, kind: MediaKindName, displayType: string) {
  const [set, underWay] = await Promise.all([
    db.mediaSet.findFirst({ where: { organizationId, localizationId, kind, displayType }, select: { total: true } }),
    db.mediaUpload.count({ where: { organizationId, localizationId, kind, displayType, status: { in: [...ACTIVE_STATUSES] } } }),
  ]);
  return { held: set?.total ?? 0, underWay };
}

function refuse(r: Refusal | string, field = "file"): never {
  throw new AppError("validation", typeof r === "string" ? r : r.message, { field });
}

type RowInput = { app: App; target: UploadTarget; input: UploadInput; staged: Staged; inspected: ImageInfo | MovieInfo; batchId: string; sequence: number };

function rowData(ctx: OrgContext, r: RowInput) {
  const { app, target, input, staged, inspected } = r;
  return {
    organizationId: ctx.orgId,
    connectionId: app.connectionId,
    appId: app.id,
    localizationId: target.id,
    locale: target.locale,
    batchId: r.batchId,
    sequence: r.sequence,
    kind: input.kind,
    displayType: input.displayType,
    fileName: input.fileName,
    fileSize: staged.size,
    checksum: staged.md5,
    width: inspected.width || null,
    height: inspected.height || null,
    mimeType: mimeOf(inspected.format),
    previewFrameTimeCode: input.kind === "PREVIEW" ? (input.previewFrameTimeCode ?? null) : null,
    stagedPath: staged.path,
    replacesAssetId: input.replacesAssetId ?? null,
    ...actorColumns(ctx.actor, "createdBy"),
    createdByEmail: actorLabel(ctx.actor),
  };
}

/**
 * Queues the job that sends a set's uploads of a batch to Apple, in order. A file sent on
 * its own waits a moment first, so the rest of a drop (sent one request per file) goes in
 * the same job: one read of the set, one wait for processing, one history entry.
 */
export async function enqueueUpload(row: Pick<MediaUpload, "id" | "organizationId" | "connectionId" | "batchId" | "localizationId" | "displayType" | "kind">, opts: { gather?: boolean } = {}) {
  await enqueue(
    "media-upload",
    { organizationId: row.organizationId, connectionId: row.connectionId, batchId: row.batchId, localizationId: row.localizationId, displayType: row.displayType, kind: row.kind },
    { jobId: `media.${row.id}`, attempts: 12, ...(opts.gather ? { delay: GATHER_MS } : {}) },
  );
}

const GATHER_MS = 1_000;

async function nextSequence(organizationId: string, batchId: string, localizationId: string, displayType: string) {
  const last = await db.mediaUpload.findFirst({ where: { organizationId, batchId, localizationId, displayType }, orderBy: { sequence: "desc" }, select: { sequence: true } });
  return (last?.sequence ?? 0) + 1;
}

/** Checks of an upload that do not need the file: the version takes changes, the replaced asset is in that set. */
async function checkPlace(ctx: OrgContext, target: UploadTarget, input: UploadInput) {
  if (!labelOf(input.kind, input.displayType) || (input.kind === "SCREENSHOT" ? !screenshotType(input.displayType) : !previewType(input.displayType))) {
    refuse(`"${input.displayType}" is not a ${input.kind === "SCREENSHOT" ? "screenshot display type" : "preview type"}.`, "displayType");
  }
  if (!target.editable) throw new AppError("conflict", `Version ${target.versionString} cannot take new screenshots or previews in its current state.`);
  if (input.replacesAssetId) {
    const old = await db.mediaAsset.findFirst({ where: { organizationId: ctx.orgId, id: input.replacesAssetId, set: { localizationId: target.id, kind: input.kind, displayType: input.displayType } }, select: { id: true } });
    if (!old) throw notFound("The asset to replace");
  }
}

/** Stages, inspects and checks one file, then queues it; any refusal removes the staged file. */
async function acceptStaged(ctx: OrgContext, app: App, target: UploadTarget, input: UploadInput, staged: Staged): Promise<MediaUpload> {
  try {
    const inspected = await inspectStaged(input.kind, staged);
    const refusal = checkFile(input.kind, input.displayType, inspected, staged.size, input.fileName);
    if (refusal) refuse(refusal);
    if (!input.replacesAssetId) {
      const fill = await setFill(ctx.orgId, target.id, input.kind, input.displayType);
      const over = checkCount(input.kind, labelOf(input.kind, input.displayType), fill.held, fill.underWay, 1);
      if (over) refuse(over);
    }
    const batchId = input.batchId ?? randomUUID();
    const sequence = await nextSequence(ctx.orgId, batchId, target.id, input.displayType);
    const row = await db.mediaUpload.create({ data: rowData(ctx, { app, target, input, staged, inspected, batchId, sequence }) });
    await enqueueUpload(row, { gather: true });
    return row;
  } catch (e) {
    await removeStaged(staged.path);
    throw e;
  }
}

/** One file sent as a request body: streamed to staging, checked, queued (202 with the row). */
export async function stageUpload(ctx: OrgContext, appId: string, input: UploadInput, body: BodyStream | null): Promise<MediaUpload> {
  const app = await visibleApp(ctx, appId);
  const target = await uploadTarget(ctx, app, input.localizationId);
  await checkPlace(ctx, target, input);
  const staged = await stageStream(ctx.orgId, body, LIMITS[input.kind].maxBytes);
  return acceptStaged(ctx, app, target, input, staged);
}

/**
 * A copy of an asset Apple already holds, downloaded from Apple's image host into staging.
 * The address must be on the source asset's own image host and on one ASC_IMAGE_ORIGINS
 * names, so neither a caller nor a stored answer can make the server fetch anything else.
 */
export async function stageFromUrl(ctx: OrgContext, appId: string, input: UploadInput & { sourceAssetId: string; url: string }): Promise<MediaUpload> {
  const app = await visibleApp(ctx, appId);
  const source = await db.mediaAsset.findFirst({ where: { organizationId: ctx.orgId, id: input.sourceAssetId, set: { appId: app.id } }, select: { imageTemplateUrl: true } });
  if (!source?.imageTemplateUrl) throw notFound("The asset to copy");
  // The source's own image host, and one ASC_IMAGE_ORIGINS names: a stored template is never trusted alone.
  const sourceOrigin = new URL(source.imageTemplateUrl.replace(/[{}]/g, "")).origin;
  if (!onImageHost(input.url) || new URL(input.url).origin !== sourceOrigin) throw new AppError("validation", "Copies are taken from Apple's image host only.", { field: "url" });
  const target = await uploadTarget(ctx, app, input.localizationId);
  await checkPlace(ctx, target, input);
  const res = await fetch(input.url, { redirect: "error", signal: AbortSignal.timeout(120_000) }).catch((e: Error) => {
    throw new AppError("unavailable", "Apple's image host could not be reached; try again.", { internal: e.message });
  });
  if (!res.ok || !res.body) throw new AppError("unavailable", `Apple's image host answered ${res.status} for ${input.fileName}; try again.`);
  const staged = await stageStream(ctx.orgId, res.body, LIMITS[input.kind].maxBytes);
  return acceptStaged(ctx, app, target, input, staged);
}

/** Uploads of an app for progress: a batch's (any state), else those still under way. */
export async function uploadStatus(ctx: OrgContext, appId: string, batchId?: string): Promise<MediaUpload[]> {
  const app = await visibleApp(ctx, appId);
  return db.mediaUpload.findMany({
    where: { organizationId: ctx.orgId, appId: app.id, ...(batchId ? { batchId } : { status: { in: [...ACTIVE_STATUSES] } }) },
    orderBy: [{ createdAt: "asc" }, { sequence: "asc" }],
    take: 1000,
  });
}

export { importMediaZip } from "./zip-import";
