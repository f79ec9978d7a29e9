import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { APP_INFO_FIELDS, EDITABLE_APP_INFO_STATES, EDITABLE_VERSION_STATES, LIVE_APP_INFO_STATE, VERSION_FIELDS, appInfoReadOnlyReason, appInfoStateOf, byVersionDesc, editability, versionStateOf, type FieldName } from "./fields";
import { shownActor } from "@/lib/tenancy/actor";

export type Cell = {
  localizationId: string;
  live: string | null;
  draft: { id: string; value: string; baseValue: string | null; pushError: string | null; updatedBy: string | null; updatedAt: string } | null;
  editable: boolean;
  readOnlyReason?: string;
};
export type GridRow = { locale: string; cells: Partial<Record<FieldName, Cell>> };

/** An app the member may see (by our id), with its connection, or not_found. */
export async function visibleApp(ctx: OrgContext, appId: string) {
  const app = await db.syncedApp.findFirst({
    where: { AND: [await connectionScopedWhere(ctx), { id: appId }] },
    select: { id: true, appleId: true, name: true, bundleId: true, primaryLocale: true, connectionId: true, metadataSyncedAt: true, connection: { select: { name: true } } },
  });
  if (!app) throw notFound("App");
  return app;
}

/** The version the editor opens by default: one being prepared, else the newest. */
function defaultVersion<V extends { state: string | null; versionString: string }>(versions: V[]) {
  return versions.find((v) => v.state && EDITABLE_VERSION_STATES.has(v.state)) ?? versions[0];
}

/**
 * The app info the grid shows. An app with a version on its way has two: the live one
 * (READY_FOR_DISTRIBUTION) and the one that goes out with the next version, the only one
 * Apple lets change, and only while it is being prepared. Shown: that one when it can
 * change, else the one on its way (read-only, with the reason), else the live one.
 */
export function pickAppInfo<I extends { state: string | null }>(infos: I[]): { info: I | undefined; editable: boolean; reason?: string } {
  const editable = infos.find((i) => i.state && EDITABLE_APP_INFO_STATES.has(i.state));
  if (editable) return { info: editable, editable: true };
  const next = infos.find((i) => i.state !== LIVE_APP_INFO_STATE && i.state !== "REPLACED_WITH_NEW_INFO");
  const info = next ?? infos.find((i) => i.state === LIVE_APP_INFO_STATE) ?? infos[0];
  return { info, editable: false, reason: appInfoReadOnlyReason(info?.state ?? null) };
}

/**
 * The locale grid of an app: one row per locale, one cell per field, each with the live
 * (synced) value, the draft if any (with who last changed it), and whether the field may
 * be edited in the version's state. `versionId` picks the version (ours); by default the
 * one being prepared.
 */
export async function metadataGrid(ctx: OrgContext, appId: string, versionId?: string) {
  const app = await visibleApp(ctx, appId);
  const scope = { organizationId: ctx.orgId, connectionId: app.connectionId };
  const [infos, versions, drafts] = await Promise.all([
    db.syncedAppInfo
      .findMany({ where: { ...scope, appId: app.id }, orderBy: { appleId: "asc" }, select: { id: true, appStoreState: true, state: true, localizations: { select: { id: true, locale: true, name: true, subtitle: true, privacyPolicyUrl: true } } } })
      .then((is) => is.map((i) => ({ ...i, state: appInfoStateOf(i) }))),
    db.syncedVersion
      .findMany({ where: { ...scope, appId: app.id }, select: { id: true, versionString: true, appStoreState: true, appVersionState: true, platform: true } })
      .then((vs) => vs.map((v) => ({ ...v, state: versionStateOf(v) })).sort(byVersionDesc)),
    db.metadataDraft.findMany({ where: { ...scope, appId: app.id }, include: { updatedBy: { select: { email: true } }, updatedByToken: { select: { name: true } } } }),
  ]);
  const version = (versionId ? versions.find((v) => v.id === versionId) : undefined) ?? defaultVersion(versions) ?? null;
  if (versionId && version?.id !== versionId) throw notFound("Version");
  const versionLocs = version
    ? await db.syncedVersionLocalization.findMany({ where: { ...scope, versionId: version.id }, select: { id: true, locale: true, description: true, keywords: true, marketingUrl: true, promotionalText: true, supportUrl: true, whatsNew: true } })
    : [];
  const draftOf = new Map(drafts.map((d) => [`${d.localizationId}:${d.field}`, d]));

  const rows = new Map<string, GridRow>();
  const row = (locale: string) => rows.get(locale) ?? rows.set(locale, { locale, cells: {} }).get(locale)!;
  const cell = (localizationId: string, field: FieldName, live: string | null, versionState: string | null, infoState: string | null): Cell => {
    const d = draftOf.get(`${localizationId}:${field}`);
    const e = editability(field, versionState, infoState);
    return {
      localizationId,
      live,
      draft: d ? { id: d.id, value: d.value, baseValue: d.baseValue, pushError: d.pushError, updatedBy: shownActor(d.updatedBy, d.updatedByToken), updatedAt: d.updatedAt.toISOString() } : null,
      editable: e.editable,
      ...(e.editable ? {} : { readOnlyReason: e.reason }),
    };
  };
  const shown = pickAppInfo(infos);
  const info = shown.info;
  for (const l of info?.localizations ?? []) {
    for (const f of APP_INFO_FIELDS) row(l.locale).cells[f] = cell(l.id, f, (l as Record<string, string | null>)[f] ?? null, null, info!.state);
  }
  for (const l of versionLocs) {
    for (const f of VERSION_FIELDS) row(l.locale).cells[f] = cell(l.id, f, (l as Record<string, string | null>)[f] ?? null, version!.state, null);
  }
  const sorted = [...rows.values()].sort((a, b) => (a.locale === app.primaryLocale ? -1 : b.locale === app.primaryLocale ? 1 : a.locale.localeCompare(b.locale)));
  return {
    app: { id: app.id, name: app.name, bundleId: app.bundleId, primaryLocale: app.primaryLocale, connectionName: app.connection.name, metadataSyncedAt: app.metadataSyncedAt?.toISOString() ?? null },
    versions: versions.map((v) => ({ id: v.id, versionString: v.versionString, appStoreState: v.appStoreState, appVersionState: v.state, editable: !!v.state && EDITABLE_VERSION_STATES.has(v.state) })),
    version: version ? { id: version.id, versionString: version.versionString, appStoreState: version.appStoreState, appVersionState: version.state } : null,
    /** The app info whose fields the grid shows and edits: the editable one when there is one. */
    appInfo: info ? { id: info.id, state: info.state, editable: shown.editable, ...(shown.reason ? { readOnlyReason: shown.reason } : {}) } : null,
    rows: sorted,
    pendingDrafts: drafts.length,
  };
}
