import { db } from "@/lib/db/client";
import type { MediaKind, MediaUploadStatus } from "@/lib/generated/prisma/enums";
import { notFound } from "@/lib/errors";
import { EDITABLE_VERSION_STATES, byVersionDesc, stateWords, versionStateOf } from "@/lib/metadata/fields";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { ACTIVE_STATUSES } from "./uploads";
import { LIMITS, PREVIEW_TYPES, SCREENSHOT_TYPES, columnsFor, previewType, requiredTypes, screenshotType, type Family } from "./specs";

/** Uploads still on their way to Apple; the others are finished one way or the other. */
export const UNFINISHED: MediaUploadStatus[] = [...ACTIVE_STATUSES];

/** Thumbnails are asked of Apple's image host 300 px high, as PNG. */
const THUMB_HEIGHT = 300;

/** Apple's image template ({w}x{h}bb.{f}) filled in for a thumbnail of the asset's proportions. */
export function thumbUrl(template: string | null, width: number | null, height: number | null): string | null {
  if (!template) return null;
  const w = width && height ? Math.max(1, Math.round((width * THUMB_HEIGHT) / height)) : THUMB_HEIGHT;
  return template.replace("{w}", String(w)).replace("{h}", String(THUMB_HEIGHT)).replace("{f}", "png");
}

type VersionRow = { id: string; versionString: string; platform: string | null; appStoreState: string; appVersionState: string | null };

/** Whether Apple lets screenshots and previews of a version change, and if not, why. */
export function mediaEditability(v: { appStoreState: string; appVersionState: string | null }): { editable: true } | { editable: false; reason: string } {
  const state = versionStateOf(v);
  if (state && EDITABLE_VERSION_STATES.has(state)) return { editable: true };
  return { editable: false, reason: `Apple does not allow changing screenshots or previews while the version is ${stateWords(state ?? "unknown")}; create a new version in App Store Connect, then sync.` };
}

/** The version a page opens by default: the one being prepared, else the newest. */
function defaultVersion<V extends VersionRow>(versions: V[]): V | undefined {
  return versions.find((v) => mediaEditability(v).editable) ?? versions[0];
}

/** An app the caller may see (by our id), with its connection, or not_found. */
export async function mediaApp(ctx: OrgContext, appId: string) {
  const app = await db.syncedApp.findFirst({
    where: { AND: [await connectionScopedWhere(ctx), { id: appId }] },
    select: { id: true, name: true, bundleId: true, primaryLocale: true, connectionId: true, mediaSyncedAt: true, connection: { select: { name: true } } },
  });
  if (!app) throw notFound("App");
  return app;
}

async function appVersions(organizationId: string, appId: string): Promise<VersionRow[]> {
  const vs = await db.syncedVersion.findMany({ where: { organizationId, appId }, select: { id: true, versionString: true, platform: true, appStoreState: true, appVersionState: true } });
  return vs.sort(byVersionDesc);
}

/**
 * An app "runs on iPad" for the required-sizes check when any locale of the version has an
 * iPad set: Apple's API does not say which devices a build supports, and an app that shows
 * iPad screenshots anywhere needs them in every locale.
 */
const runsOnIpad = (displayTypes: Iterable<string>) => [...displayTypes].some((t) => screenshotType(t)?.family === "iPad");

export type UploadView = ReturnType<typeof uploadView>;

/** An upload as callers see it: where it goes, how far it got, Apple's reason if it failed. */
export function uploadView(u: {
  id: string; batchId: string; sequence: number; localizationId: string; locale: string; kind: MediaKind; displayType: string; fileName: string; fileSize: number;
  status: MediaUploadStatus; partsDone: number; partsTotal: number; bytesSent: number; deliveryState: string | null; errorCode: string | null; error: string | null;
  replacesAssetId: string | null; createdByEmail: string | null; createdAt: Date; finishedAt: Date | null;
}) {
  return {
    id: u.id, batchId: u.batchId, sequence: u.sequence, localizationId: u.localizationId, locale: u.locale, kind: u.kind, displayType: u.displayType, fileName: u.fileName, fileSize: u.fileSize,
    status: u.status, partsDone: u.partsDone, partsTotal: u.partsTotal, bytesSent: u.bytesSent, deliveryState: u.deliveryState, errorCode: u.errorCode, error: u.error,
    replacesAssetId: u.replacesAssetId, createdBy: u.createdByEmail, createdAt: u.createdAt.toISOString(), finishedAt: u.finishedAt?.toISOString() ?? null,
  };
}

const assetSelect = { id: true, fileName: true, width: true, height: true, deliveryState: true, deliveryErrors: true, imageTemplateUrl: true, position: true } as const;

/**
 * The media page of an app version: locales down (primary first), the display types that
 * matter for the version's platform across (required first), each cell the set with its
 * assets in Apple's order and count against the per-set limit, or nothing, and whether a
 * required size is missing. `versionId` picks the version; by default the one being prepared.
 */
export async function mediaGrid(ctx: OrgContext, appId: string, versionId?: string) {
  const app = await mediaApp(ctx, appId);
  const versions = await appVersions(ctx.orgId, app.id);
  const version = versionId ? versions.find((v) => v.id === versionId) : defaultVersion(versions);
  if (versionId && !version) throw notFound("Version");
  const locs = version
    ? await db.syncedVersionLocalization.findMany({
        where: { organizationId: ctx.orgId, versionId: version.id },
        select: { id: true, locale: true, mediaSets: { select: { id: true, kind: true, displayType: true, total: true, assets: { select: assetSelect, orderBy: { position: "asc" } } } } },
      })
    : [];
  const uploads = locs.length
    ? await db.mediaUpload.findMany({ where: { organizationId: ctx.orgId, localizationId: { in: locs.map((l) => l.id) }, status: { in: UNFINISHED } }, orderBy: [{ createdAt: "asc" }, { sequence: "asc" }] })
    : [];
  const platform = version?.platform ?? null;
  const present = new Set(locs.flatMap((l) => l.mediaSets.filter((s) => s.kind === "SCREENSHOT").map((s) => s.displayType)));
  const required = requiredTypes(platform, runsOnIpad(present));
  const requiredSet = new Set(required.flatMap((r) => r.anyOf));
  const screenshotColumns = [...columnsFor(platform)];
  // Types someone uploaded that the platform's columns do not list (iMessage, watch) still show.
  for (const t of present) if (!screenshotColumns.includes(t)) screenshotColumns.push(t);
  screenshotColumns.sort((a, b) => Number(requiredSet.has(b)) - Number(requiredSet.has(a)));
  const previewColumns = screenshotColumns.map((t) => screenshotType(t)?.previewType).filter((t): t is string => !!t && !!previewType(t));

  const cellOf = (set: (typeof locs)[number]["mediaSets"][number] | undefined, kind: "SCREENSHOT" | "PREVIEW") =>
    set
      ? {
          id: set.id,
          total: set.total,
          max: LIMITS[kind].max,
          assets: set.assets.map((a) => ({ id: a.id, fileName: a.fileName, width: a.width, height: a.height, deliveryState: a.deliveryState, errors: deliveryErrors(a.deliveryErrors), thumbUrl: thumbUrl(a.imageTemplateUrl, a.width, a.height) })),
        }
      : null;
  const rows = locs
    .sort((a, b) => (a.locale === app.primaryLocale ? -1 : b.locale === app.primaryLocale ? 1 : a.locale.localeCompare(b.locale)))
    .map((l) => {
      const find = (kind: MediaKind, type: string) => l.mediaSets.find((s) => s.kind === kind && s.displayType === type);
      const has = (type: string) => (find("SCREENSHOT", type)?.assets.length ?? 0) > 0;
      const missing = required.filter((r) => !r.anyOf.some(has));
      return {
        localizationId: l.id,
        locale: l.locale,
        missingFamilies: missing.map((r) => r.family),
        screenshots: Object.fromEntries(screenshotColumns.map((t) => [t, { set: cellOf(find("SCREENSHOT", t), "SCREENSHOT"), missingRequired: missing.some((r) => r.anyOf[0] === t) }])),
        previews: Object.fromEntries(previewColumns.map((t) => [t, { set: cellOf(find("PREVIEW", t), "PREVIEW"), missingRequired: false }])),
      };
    });
  const ed = version ? mediaEditability(version) : { editable: false as const, reason: "The app has no version synced yet; sync the app's metadata." };
  return {
    app: { id: app.id, name: app.name, bundleId: app.bundleId, primaryLocale: app.primaryLocale, connectionName: app.connection.name, mediaSyncedAt: app.mediaSyncedAt?.toISOString() ?? null },
    versions: versions.map((v) => ({ id: v.id, versionString: v.versionString, platform: v.platform, appVersionState: versionStateOf(v), editable: mediaEditability(v).editable })),
    version: version ? { id: version.id, versionString: version.versionString, platform: version.platform, appVersionState: versionStateOf(version) } : null,
    columns: {
      screenshots: screenshotColumns.map((t) => column(t, SCREENSHOT_TYPES, requiredSet.has(t))),
      previews: previewColumns.map((t) => column(t, PREVIEW_TYPES, false)),
    },
    required: required.map((r) => ({ family: r.family, anyOf: r.anyOf })),
    rows,
    uploads: uploads.map(uploadView),
    editable: ed.editable,
    ...(ed.editable ? {} : { readOnlyReason: ed.reason }),
  };
}

function column(type: string, specs: { type: string; label: string; family: Family; sizes: readonly (readonly [number, number])[] }[], required: boolean) {
  const s = specs.find((x) => x.type === type);
  return { displayType: type, label: s?.label ?? type, family: s?.family ?? null, required, sizes: (s?.sizes ?? []).map(([w, h]) => `${w}×${h}`) };
}

/** Apple's delivery errors as stored ([{ code, description }]), read defensively. */
function deliveryErrors(v: unknown): { code: string; description: string }[] {
  if (!Array.isArray(v)) return [];
  return v.map((e) => ({ code: String((e as { code?: unknown })?.code ?? ""), description: String((e as { description?: unknown })?.description ?? "") }));
}

/**
 * Per app (of those named that the caller may see): for the version the media page opens,
 * how many locales have every required screenshot size and which (locale, family) pairs are
 * missing. Apps with no version synced are left out.
 */
export async function mediaCoverage(ctx: OrgContext, appIds: string[]) {
  const where = await connectionScopedWhere(ctx);
  const versions = await db.syncedVersion.findMany({
    where: { ...where, appId: { in: appIds } },
    select: {
      id: true, appId: true, versionString: true, platform: true, appStoreState: true, appVersionState: true,
      localizations: { select: { locale: true, mediaSets: { where: { kind: "SCREENSHOT", total: { gt: 0 } }, select: { displayType: true } } } },
    },
  });
  const byApp = new Map<string, typeof versions>();
  for (const v of versions) byApp.set(v.appId, [...(byApp.get(v.appId) ?? []), v]);
  const out: { appId: string; versionString: string; complete: number; total: number; missing: { locale: string; family: Family }[] }[] = [];
  for (const appId of appIds) {
    const v = defaultVersion((byApp.get(appId) ?? []).sort(byVersionDesc));
    if (!v) continue;
    const types = v.localizations.flatMap((l) => l.mediaSets.map((s) => s.displayType));
    const required = requiredTypes(v.platform, runsOnIpad(types));
    const missing = v.localizations
      .flatMap((l) => required.filter((r) => !r.anyOf.some((t) => l.mediaSets.some((s) => s.displayType === t))).map((r) => ({ locale: l.locale, family: r.family })))
      .sort((a, b) => a.locale.localeCompare(b.locale) || a.family.localeCompare(b.family));
    const incomplete = new Set(missing.map((m) => m.locale));
    out.push({ appId, versionString: v.versionString, complete: v.localizations.length - incomplete.size, total: v.localizations.length, missing });
  }
  return out;
}

/** Changes to an app's screenshots and previews made through us, newest first, with who made them. */
export async function mediaHistory(ctx: OrgContext, appId: string, take = 200) {
  const app = await mediaApp(ctx, appId);
  const rows = await db.mediaChange.findMany({
    where: { organizationId: ctx.orgId, appId: app.id },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
    select: { id: true, versionString: true, locale: true, kind: true, displayType: true, action: true, detail: true, byEmail: true, at: true },
  });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
