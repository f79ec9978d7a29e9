import { db } from "@/lib/db/client";

/** The connection rows belong to: every synced row carries both ids. */
export type ConnectionScope = { organizationId: string; connectionId: string };
export type SeededApp = ConnectionScope & { id: string; appleId: string; name: string; sku: string };

/** An app as a sync stores it from App Store Connect's /v1/apps. */
export async function makeSyncedApp(scope: ConnectionScope, app: { appleId: string; name: string; bundleId: string; sku: string; primaryLocale?: string }): Promise<SeededApp> {
  const row = await db.syncedApp.create({
    data: { ...scope, appleId: app.appleId, name: app.name, bundleId: app.bundleId, sku: app.sku, primaryLocale: app.primaryLocale ?? "en-US" },
    select: { id: true, appleId: true, name: true, sku: true },
  });
  return { ...scope, ...row };
}

type Text = string | null | undefined;

/** The named optional fields, each as given or null: how a sync stores what Apple left out. */
export function orNull<T extends object, K extends keyof T>(o: T, keys: readonly K[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k] ?? null])) as { [P in K]: Exclude<T[P], undefined> | null };
}
export type AppInfoLocalizationSeed = { appleId: string; locale: string; name?: Text; subtitle?: Text; privacyPolicyUrl?: Text };
export type VersionLocalizationSeed = {
  appleId: string;
  locale: string;
  description?: Text;
  keywords?: Text;
  marketingUrl?: Text;
  promotionalText?: Text;
  supportUrl?: Text;
  whatsNew?: Text;
};

// Nested localizations take the organisation from their parent, which they reference by (organizationId, id).
const byLocale = (rows: { id: string; locale: string }[]) => Object.fromEntries(rows.map((r) => [r.locale, r.id])) as Record<string, string>;

/** An app information record of the app with its localizations, as a metadata sync stores them; returns the localizations' ids by locale. */
export async function makeAppInfo(app: SeededApp, info: { appleId: string; appStoreState?: Text; state?: Text; localizations: AppInfoLocalizationSeed[] }) {
  const scope = { organizationId: app.organizationId, connectionId: app.connectionId };
  const row = await db.syncedAppInfo.create({
    data: {
      ...scope,
      appId: app.id,
      appleId: info.appleId,
      ...orNull(info, ["appStoreState", "state"]),
      localizations: { create: info.localizations.map((l) => ({ connectionId: app.connectionId, appleId: l.appleId, locale: l.locale, ...orNull(l, ["name", "subtitle", "privacyPolicyUrl"]) })) },
    },
    select: { id: true, localizations: { select: { id: true, locale: true } } },
  });
  return { id: row.id, localizationIds: byLocale(row.localizations) };
}

/** An App Store version of the app with its localizations, as a metadata sync stores them; returns the localizations' ids by locale. */
export async function makeVersion(
  app: SeededApp,
  version: { appleId: string; versionString: string; platform?: string; appStoreState: string; appVersionState?: Text; localizations: VersionLocalizationSeed[] },
) {
  const scope = { organizationId: app.organizationId, connectionId: app.connectionId };
  const row = await db.syncedVersion.create({
    data: {
      ...scope,
      appId: app.id,
      appleId: version.appleId,
      versionString: version.versionString,
      platform: version.platform ?? "IOS",
      appStoreState: version.appStoreState,
      appVersionState: version.appVersionState ?? null,
      localizations: {
        create: version.localizations.map((l) => ({
          connectionId: app.connectionId,
          appleId: l.appleId,
          locale: l.locale,
          ...orNull(l, ["description", "keywords", "marketingUrl", "promotionalText", "supportUrl", "whatsNew"]),
        })),
      },
    },
    select: { id: true, versionString: true, localizations: { select: { id: true, locale: true } } },
  });
  return { id: row.id, versionString: row.versionString, localizationIds: byLocale(row.localizations) };
}
