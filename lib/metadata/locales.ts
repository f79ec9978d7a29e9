import { z } from "zod";
import { ascAppError, AscError } from "@/lib/asc/errors";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { syncTarget } from "@/lib/sync/connection";
import type { OrgContext } from "@/lib/tenancy/context";
import { saveDrafts } from "./drafts";
import { APP_INFO_FIELDS, FIELD_NAMES, VERSION_FIELDS, stateWords, valueProblems, type FieldName } from "./fields";
import { metadataGrid, visibleApp } from "./grid";

/** App Store locale codes look like "en-US", "ja", "zh-Hans", "es-MX". */
const Locale = z.string().trim().regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/, "Use an App Store locale code such as en-US, ja or zh-Hans.");

export const ZAddLocale = z
  .object({
    locale: Locale,
    versionId: z.string().min(1).max(64).optional(),
    /** Apple requires a name for the app information and a description for the version. */
    name: z.string().trim().min(1, "Apple requires a name for a new locale."),
    description: z.string().trim().min(1, "Apple requires a description for a new locale."),
    subtitle: z.string().optional(),
    privacyPolicyUrl: z.string().optional(),
    keywords: z.string().optional(),
    promotionalText: z.string().optional(),
    whatsNew: z.string().optional(),
    marketingUrl: z.string().optional(),
    supportUrl: z.string().optional(),
  })
  .strict();
export type TAddLocale = z.infer<typeof ZAddLocale>;

/**
 * Adds a locale at App Store Connect: the app information's localization and the
 * version's, created with the fields collected first (limits checked before anything is
 * sent), then stored as synced rows. If Apple refuses the second after accepting the
 * first, the report says which part exists.
 */
export async function addLocale(ctx: OrgContext, appId: string, input: TAddLocale) {
  const app = await visibleApp(ctx, appId);
  const fields: Record<string, string> = {};
  for (const f of FIELD_NAMES) {
    const v = input[f];
    if (v !== undefined && v !== "") {
      const p = valueProblems(f, v);
      if (p.length) fields[f] = p.join(" ");
    }
  }
  if (Object.keys(fields).length) throw new AppError("validation", "Fix these fields first; nothing was sent.", { fields, field: Object.keys(fields)[0] });

  const scope = { organizationId: ctx.orgId, connectionId: app.connectionId };
  const grid = await metadataGrid(ctx, appId, input.versionId);
  // The locale goes on the app info the grid edits: Apple takes new localizations only on the one being prepared.
  const info = grid.appInfo ? await db.syncedAppInfo.findFirst({ where: { ...scope, id: grid.appInfo.id }, select: { id: true, appleId: true } }) : null;
  const version = grid.version ? await db.syncedVersion.findFirst({ where: { ...scope, id: grid.version.id }, select: { id: true, appleId: true } }) : null;
  const existing = grid.rows.find((r) => r.locale === input.locale);
  const needInfo = info && !APP_INFO_FIELDS.some((f) => existing?.cells[f]);
  const needVersion = version && !VERSION_FIELDS.some((f) => existing?.cells[f]);
  if (!needInfo && !needVersion) throw new AppError("conflict", `${input.locale} already exists for this app and version.`, { field: "locale" });
  const closed: Record<string, string> = {};
  if (needInfo && !grid.appInfo?.editable) closed.name = grid.appInfo?.readOnlyReason ?? "The app information cannot change now.";
  if (needVersion && !grid.versions.find((v) => v.id === grid.version?.id)?.editable) {
    closed.description = `Apple adds locales only to a version being prepared; version ${grid.version!.versionString} is ${stateWords(grid.version!.appVersionState ?? "unknown")}.`;
  }
  if (Object.keys(closed).length) throw new AppError("conflict", "Apple does not take a new locale now; nothing was sent.", { fields: closed, field: Object.keys(closed)[0] });

  const t = await syncTarget(ctx.orgId, app.connectionId, { priority: "interactive" });
  const attrs = (names: FieldName[]) => Object.fromEntries(names.filter((f) => input[f] !== undefined && input[f] !== "").map((f) => [f, input[f]]));
  const created: string[] = [];
  try {
    if (needInfo) {
      const res = await t.client.request<{ data: { id: string } }>({
        method: "POST",
        path: "/v1/appInfoLocalizations",
        body: { data: { type: "appInfoLocalizations", attributes: { locale: input.locale, ...attrs(APP_INFO_FIELDS) }, relationships: { appInfo: { data: { type: "appInfos", id: info.appleId } } } } },
        priority: "interactive",
      });
      await db.syncedAppInfoLocalization.create({ data: { ...scope, appInfoId: info.id, appleId: res.body.data.id, locale: input.locale, name: input.name, subtitle: input.subtitle || null, privacyPolicyUrl: input.privacyPolicyUrl || null } });
      created.push("app information");
    }
    if (needVersion) {
      const res = await t.client.request<{ data: { id: string } }>({
        method: "POST",
        path: "/v1/appStoreVersionLocalizations",
        body: { data: { type: "appStoreVersionLocalizations", attributes: { locale: input.locale, ...attrs(VERSION_FIELDS) }, relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: version.appleId } } } } },
        priority: "interactive",
      });
      const v = (f: FieldName) => (input[f] ? input[f]! : null);
      await db.syncedVersionLocalization.create({
        data: { ...scope, versionId: version.id, appleId: res.body.data.id, locale: input.locale, description: v("description"), keywords: v("keywords"), marketingUrl: v("marketingUrl"), promotionalText: v("promotionalText"), supportUrl: v("supportUrl"), whatsNew: v("whatsNew") },
      });
      created.push("version");
    }
  } catch (e) {
    if (!(e instanceof AscError)) throw e;
    throw ascAppError(e, {
      lead: `${created.length ? `Created the ${created.join(" and ")} localization, but ` : ""}App Store Connect refused the ${created.length ? "rest" : "new locale"}:`,
      fieldOf: (attribute) => (attribute in input ? attribute : undefined),
      field: "locale",
    });
  } finally {
    if (created.length) {
      await recordAudit({ organizationId: ctx.orgId, action: "metadata.locale_added", actor: ctx.actor, target: { type: "app", id: app.id, label: app.name }, metadata: { connectionId: app.connectionId, locale: input.locale, created }, client: ctx.client });
    }
  }
  return { locale: input.locale, created };
}

export const ZCopyField = z
  .object({
    field: z.enum(FIELD_NAMES),
    fromLocale: Locale,
    toLocales: z.array(Locale).min(1, "Choose at least one locale to copy to.").max(100),
    versionId: z.string().min(1).max(64).optional(),
  })
  .strict();

/** Copies one field's value (the draft, else the live value) from a locale to others, as drafts. */
export async function copyField(ctx: OrgContext, appId: string, input: z.infer<typeof ZCopyField>) {
  const grid = await metadataGrid(ctx, appId, input.versionId);
  const from = grid.rows.find((r) => r.locale === input.fromLocale)?.cells[input.field];
  if (!from) throw new AppError("validation", `${input.fromLocale} has no ${input.field} to copy.`, { field: "fromLocale" });
  const value = from.draft?.value ?? from.live ?? "";
  const edits = [];
  const fields: Record<string, string> = {};
  for (const [i, locale] of input.toLocales.entries()) {
    const cell = grid.rows.find((r) => r.locale === locale)?.cells[input.field];
    if (!cell) fields[`toLocales.${i}`] = `${locale} is not a locale of this app and version.`;
    else edits.push({ localizationId: cell.localizationId, field: input.field, value });
  }
  if (Object.keys(fields).length) throw new AppError("validation", "Some locales cannot take the value; nothing was copied.", { fields, field: Object.keys(fields)[0] });
  return saveDrafts(ctx, appId, { edits });
}
