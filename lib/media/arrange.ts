import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ascAppError, AscError } from "@/lib/asc/errors";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/actions";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MediaChangeAction, MediaKind } from "@/lib/generated/prisma/enums";
import { syncTarget, type SyncTarget } from "@/lib/sync/connection";
import { syncLocalizationMedia } from "@/lib/sync/media";
import type { OrgContext } from "@/lib/tenancy/context";
import { actorColumns, actorLabel } from "@/lib/tenancy/actor";
import { stageFromUrl } from "./uploads";
import { LIMITS, screenshotType } from "./specs";
import { mediaApp, mediaEditability, UNFINISHED, uploadView, type UploadView } from "./view";

export const ZReorder = z.object({ assetIds: z.array(z.string().min(1).max(64)).min(1, "Name the set's screenshots in their new order.").max(10) }).strict();
export const ZCopySet = z.object({ localizationIds: z.array(z.string().min(1).max(64)).min(1, "Choose at least one locale to copy to.").max(200) }).strict();
export const ZFill = z.object({ versionId: z.string().min(1).max(64), baseLocale: z.string().min(2).max(16).optional() }).strict();
export type TReorder = z.infer<typeof ZReorder>;
export type TCopySet = z.infer<typeof ZCopySet>;
export type TFill = z.infer<typeof ZFill>;

/** Apple's names for a kind's sets and assets. */
const APPLE = {
  SCREENSHOT: { setType: "appScreenshotSets", assetType: "appScreenshots", noun: "screenshot" },
  PREVIEW: { setType: "appPreviewSets", assetType: "appPreviews", noun: "app preview" },
} as const;

type App = Awaited<ReturnType<typeof mediaApp>>;

/** A set of the app (by our id) with its localization, version and assets in order, or not_found. */
async function appSet(ctx: OrgContext, app: App, setId: string) {
  const set = await db.mediaSet.findFirst({
    where: { organizationId: ctx.orgId, appId: app.id, id: setId },
    select: {
      id: true, appleId: true, kind: true, displayType: true, localizationId: true,
      localization: { select: { id: true, locale: true, versionId: true, version: { select: { versionString: true, appStoreState: true, appVersionState: true } } } },
      assets: { orderBy: { position: "asc" }, select: { id: true, appleId: true, fileName: true, width: true, height: true, deliveryState: true, imageTemplateUrl: true } },
    },
  });
  if (!set) throw notFound("Set");
  return set;
}
type AppSet = Awaited<ReturnType<typeof appSet>>;

function assertEditable(version: { versionString: string; appStoreState: string; appVersionState: string | null }) {
  const ed = mediaEditability(version);
  if (!ed.editable) throw new AppError("conflict", `Version ${version.versionString}: ${ed.reason}`);
}

/** Apple's refusal in words, after re-reading what Apple now holds so the page shows it. */
async function refused(t: SyncTarget, localizationId: string, e: unknown, lead: string): Promise<never> {
  if (!(e instanceof AscError)) throw e;
  await syncLocalizationMedia(t, localizationId).catch(() => undefined);
  throw ascAppError(e, { lead });
}

type ChangeInput = { app: App; versionString: string | null; locale: string; kind: MediaKind; displayType: string; action: MediaChangeAction; detail: string };

/** One change in the app's media history and the organisation's audit log, both naming who made it. */
async function recordChange(ctx: OrgContext, c: ChangeInput, audit: { action: AuditAction; metadata: Prisma.InputJsonObject }) {
  await db.$transaction(async (tx) => {
    await tx.mediaChange.create({
      data: {
        organizationId: ctx.orgId, connectionId: c.app.connectionId, appId: c.app.id, versionString: c.versionString, locale: c.locale, kind: c.kind, displayType: c.displayType,
        action: c.action, detail: c.detail, ...actorColumns(ctx.actor, "by"), byEmail: actorLabel(ctx.actor), at: nowDate(),
      },
    });
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: audit.action,
        actor: ctx.actor,
        target: { type: "app", id: c.app.id, label: c.app.name },
        metadata: { connectionId: c.app.connectionId, version: c.versionString, locale: c.locale, displayType: c.displayType, detail: c.detail, ...audit.metadata },
        client: ctx.client,
      },
      tx,
    );
  });
}

async function unfinishedUploads(ctx: OrgContext, localizationId: string, kind: MediaKind, displayType: string) {
  return db.mediaUpload.count({ where: { organizationId: ctx.orgId, localizationId, kind, displayType, status: { in: UNFINISHED } } });
}

/**
 * Puts a set's screenshots (or previews) in a new order at Apple: one PATCH of the set's
 * relationship naming every member once, then the localization is read again so our copy
 * is Apple's. Refused while uploads to the set are under way (Apple counts their
 * reservations as members) or the version's state does not allow changes.
 */
export async function reorder(ctx: OrgContext, appId: string, setId: string, input: TReorder) {
  const app = await mediaApp(ctx, appId);
  const set = await appSet(ctx, app, setId);
  assertEditable(set.localization.version);
  const ids = input.assetIds;
  const same = ids.length === set.assets.length && new Set(ids).size === ids.length && set.assets.every((a) => ids.includes(a.id));
  if (!same) throw new AppError("validation", `Name each of the set's ${set.assets.length} ${APPLE[set.kind].noun}s exactly once.`, { field: "assetIds" });
  if (await unfinishedUploads(ctx, set.localizationId, set.kind, set.displayType)) {
    throw new AppError("conflict", "Uploads to this set are still under way; change the order once they finish.");
  }
  const byId = new Map(set.assets.map((a) => [a.id, a]));
  const ordered = ids.map((id) => byId.get(id)!);
  const t = await syncTarget(ctx.orgId, app.connectionId, { priority: "interactive" });
  const k = APPLE[set.kind];
  try {
    await t.client.request({
      method: "PATCH",
      path: `/v1/${k.setType}/${set.appleId}/relationships/${k.assetType}`,
      body: { data: ordered.map((a) => ({ type: k.assetType, id: a.appleId })) },
      priority: "interactive",
    });
  } catch (e) {
    await refused(t, set.localizationId, e, "The order was not changed.");
  }
  await syncLocalizationMedia(t, set.localizationId);
  await recordChange(
    ctx,
    { app, versionString: set.localization.version.versionString, locale: set.localization.locale, kind: set.kind, displayType: set.displayType, action: "REORDERED", detail: `New order: ${ordered.map((a) => a.fileName).join(", ")}` },
    { action: "media.reordered", metadata: { order: ordered.map((a) => a.fileName) } },
  );
  return { assetIds: (await appSet(ctx, app, setId)).assets.map((a) => a.id) };
}

/** Deletes one screenshot or preview at Apple (live at once on an editable version), then re-reads its localization. */
export async function deleteAsset(ctx: OrgContext, appId: string, assetId: string) {
  const app = await mediaApp(ctx, appId);
  const asset = await db.mediaAsset.findFirst({ where: { organizationId: ctx.orgId, id: assetId, set: { appId: app.id } }, select: { id: true, appleId: true, fileName: true, setId: true } });
  if (!asset) throw notFound("Screenshot or preview");
  const set = await appSet(ctx, app, asset.setId);
  assertEditable(set.localization.version);
  const t = await syncTarget(ctx.orgId, app.connectionId, { priority: "interactive" });
  const k = APPLE[set.kind];
  try {
    await t.client.request({ method: "DELETE", path: `/v1/${k.assetType}/${asset.appleId}`, priority: "interactive" });
  } catch (e) {
    // Already gone at Apple: what the caller wanted; our copy catches up below.
    if (!(e instanceof AscError && e.status === 404)) await refused(t, set.localizationId, e, `${asset.fileName} was not deleted.`);
  }
  await syncLocalizationMedia(t, set.localizationId);
  await recordChange(
    ctx,
    { app, versionString: set.localization.version.versionString, locale: set.localization.locale, kind: set.kind, displayType: set.displayType, action: "DELETED", detail: `Deleted ${asset.fileName}` },
    { action: "media.deleted", metadata: { fileName: asset.fileName } },
  );
}

type Target = { id: string; locale: string };

/**
 * Whether the source set can be copied to every target: screenshots Apple has finished,
 * and room in each target's set for all of them. Checked for every target before anything
 * is staged, so a copy happens everywhere or nowhere.
 */
async function checkCopy(ctx: OrgContext, source: AppSet, targets: Target[]) {
  if (source.kind !== "SCREENSHOT") throw new AppError("validation", "App previews cannot be copied: Apple serves them only as video streams. Upload the preview file to each locale instead.");
  if (source.assets.length === 0) throw new AppError("validation", "The set has no screenshots to copy.");
  const unready = source.assets.filter((a) => a.deliveryState !== "COMPLETE" || !a.imageTemplateUrl || !a.width || !a.height);
  if (unready.length) throw new AppError("conflict", `${unready.map((a) => a.fileName).join(", ")} ${unready.length === 1 ? "is" : "are"} not processed by Apple yet; copy the set once ${unready.length === 1 ? "it is" : "they are"}.`);
  const max = LIMITS.SCREENSHOT.max;
  const full: string[] = [];
  for (const tg of targets) {
    const held = await db.mediaAsset.count({ where: { organizationId: ctx.orgId, set: { localizationId: tg.id, kind: source.kind, displayType: source.displayType } } });
    const coming = await unfinishedUploads(ctx, tg.id, source.kind, source.displayType);
    if (held + coming + source.assets.length > max) full.push(`${tg.locale} holds ${held + coming}`);
  }
  if (full.length) {
    const label = screenshotType(source.displayType)?.label ?? source.displayType;
    throw new AppError("validation", `Nothing was copied: a ${label} set takes at most ${max} screenshots, and ${full.join(", ")} (copying adds ${source.assets.length}).`, { field: "localizationIds" });
  }
}

/** Stages the source set's screenshots for each target, in the source's order, as uploads of one batch. */
async function stageCopy(ctx: OrgContext, app: App, source: AppSet, targets: Target[], batchId: string): Promise<UploadView[]> {
  const staged: UploadView[] = [];
  for (const tg of targets) {
    for (const a of source.assets) {
      const upload = await stageFromUrl(ctx, app.id, {
        localizationId: tg.id,
        kind: source.kind,
        displayType: source.displayType,
        fileName: a.fileName,
        batchId,
        sourceAssetId: a.id,
        url: fullSizeUrl(a),
      });
      staged.push(uploadView(upload));
    }
  }
  return staged;
}

/** The template filled in for the asset at its own size and format: Apple renders the original pixels. */
function fullSizeUrl(a: { fileName: string; width: number | null; height: number | null; imageTemplateUrl: string | null }) {
  const f = /\.jpe?g$/i.test(a.fileName) ? "jpg" : "png";
  return a.imageTemplateUrl!.replace("{w}", String(a.width)).replace("{h}", String(a.height)).replace("{f}", f);
}

/** The version's localizations named, or a refusal naming what is not one of them. */
async function versionTargets(ctx: OrgContext, versionId: string, ids: string[], exclude: string): Promise<Target[]> {
  const locs = await db.syncedVersionLocalization.findMany({ where: { organizationId: ctx.orgId, versionId, id: { in: ids } }, select: { id: true, locale: true } });
  if (locs.length !== new Set(ids).size) throw new AppError("validation", "Copy only to locales of the same version.", { field: "localizationIds" });
  if (locs.some((l) => l.id === exclude)) throw new AppError("validation", "A set cannot be copied onto itself; choose other locales.", { field: "localizationIds" });
  return locs.sort((a, b) => a.locale.localeCompare(b.locale));
}

/**
 * Copies a screenshot set to other locales of the same version: its images, fetched from
 * Apple's image host at their own size, uploaded to each target's set of the same display
 * type after what the target holds, in the source's order.
 */
export async function copySet(ctx: OrgContext, appId: string, setId: string, input: TCopySet) {
  const app = await mediaApp(ctx, appId);
  const source = await appSet(ctx, app, setId);
  assertEditable(source.localization.version);
  const targets = await versionTargets(ctx, source.localization.versionId, input.localizationIds, source.localizationId);
  await checkCopy(ctx, source, targets);
  const batchId = randomUUID();
  const uploads = await stageCopy(ctx, app, source, targets, batchId);
  for (const tg of targets) {
    await recordChange(
      ctx,
      { app, versionString: source.localization.version.versionString, locale: tg.locale, kind: source.kind, displayType: source.displayType, action: "COPIED", detail: `Copied from ${source.localization.locale}: ${source.assets.map((a) => a.fileName).join(", ")}` },
      { action: "media.copied", metadata: { from: source.localization.locale, files: source.assets.map((a) => a.fileName), batchId } },
    );
  }
  return { batchId, uploads };
}

/**
 * For every locale of the version with no screenshots of a display type the base locale
 * has (the app's primary locale unless named), copies the base locale's set. Uploads
 * already on their way to a locale count as screenshots it has.
 */
export async function fillFromBase(ctx: OrgContext, appId: string, input: TFill) {
  const app = await mediaApp(ctx, appId);
  const version = await db.syncedVersion.findFirst({ where: { organizationId: ctx.orgId, appId: app.id, id: input.versionId }, select: { id: true, versionString: true, appStoreState: true, appVersionState: true } });
  if (!version) throw notFound("Version");
  assertEditable(version);
  const baseLocale = input.baseLocale ?? app.primaryLocale;
  const locs = await db.syncedVersionLocalization.findMany({
    where: { organizationId: ctx.orgId, versionId: version.id },
    select: { id: true, locale: true, mediaSets: { where: { kind: "SCREENSHOT" }, select: { id: true, displayType: true, _count: { select: { assets: true } } } } },
  });
  const base = locs.find((l) => l.locale === baseLocale);
  if (!base) throw new AppError("validation", `Version ${version.versionString} has no ${baseLocale} locale.`, { field: "baseLocale" });
  const coming = await db.mediaUpload.findMany({ where: { organizationId: ctx.orgId, localizationId: { in: locs.map((l) => l.id) }, kind: "SCREENSHOT", status: { in: UNFINISHED } }, select: { localizationId: true, displayType: true } });
  const plan: { source: AppSet; targets: Target[] }[] = [];
  for (const baseSet of base.mediaSets.filter((s) => s._count.assets > 0).sort((a, b) => a.displayType.localeCompare(b.displayType))) {
    const has = (l: (typeof locs)[number]) =>
      l.mediaSets.some((s) => s.displayType === baseSet.displayType && s._count.assets > 0) || coming.some((u) => u.localizationId === l.id && u.displayType === baseSet.displayType);
    const targets = locs.filter((l) => l.id !== base.id && !has(l)).map((l) => ({ id: l.id, locale: l.locale }));
    if (!targets.length) continue;
    const source = await appSet(ctx, app, baseSet.id);
    await checkCopy(ctx, source, targets);
    plan.push({ source, targets: targets.sort((a, b) => a.locale.localeCompare(b.locale)) });
  }
  const batchId = randomUUID();
  const uploads: UploadView[] = [];
  const filled: { locale: string; displayType: string }[] = [];
  for (const { source, targets } of plan) {
    uploads.push(...(await stageCopy(ctx, app, source, targets, batchId)));
    for (const tg of targets) {
      filled.push({ locale: tg.locale, displayType: source.displayType });
      await recordChange(
        ctx,
        { app, versionString: version.versionString, locale: tg.locale, kind: "SCREENSHOT", displayType: source.displayType, action: "COPIED", detail: `Filled from ${baseLocale}: ${source.assets.map((a) => a.fileName).join(", ")}` },
        { action: "media.copied", metadata: { from: baseLocale, fill: true, files: source.assets.map((a) => a.fileName), batchId } },
      );
    }
  }
  return { batchId, uploads, filled };
}
