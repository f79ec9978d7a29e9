import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { SyncTarget } from "./connection";
import type { SyncCounts } from "./counts";
import { placeReviewVersions } from "./review-versions";

type Rel = { relationships?: Record<string, { data?: { id: string } | { id: string }[] }> };

/** Ids of the children a parent document lists under `relationships[name].data`. */
function childIds(doc: Rel, name: string): string[] {
  const data = doc.relationships?.[name]?.data;
  return Array.isArray(data) ? data.map((d) => d.id) : [];
}

/** Apple's states of a version live on the App Store (appStoreState is the deprecated one). */
const isLive = (a: { appVersionState?: string | null; appStoreState?: string | null }) => a.appVersionState === "READY_FOR_DISTRIBUTION" || a.appStoreState === "READY_FOR_SALE";

/**
 * An app's app infos (the live one and the one being prepared, with Apple's `state`) and
 * App Store versions (every one Apple lists but those replaced by a newer live version,
 * with `appVersionState` and the deprecated `appStoreState` as read), each with its
 * localizations, in two requests and one transaction. Rows Apple no longer lists (a
 * replaced version, a deleted localization) are removed; a version on its way through
 * review and release stays listed, so its rows and drafts stay. The first sync that sees a
 * version live records that time as its release (a marker on the analytics charts); later
 * syncs keep it. Reviews stored before their version get it afterwards.
 */
export async function syncMetadata(t: SyncTarget, appId: string): Promise<SyncCounts> {
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  const app = await db.syncedApp.findFirstOrThrow({ where: { ...scope, id: appId }, select: { id: true, appleId: true } });
  const md = await t.reader.metadata(app.appleId);
  const counts = { fetched: md.appInfoLocalizations.length + md.versionLocalizations.length, created: 0, updated: 0 };
  const infoLocs = new Map(md.appInfoLocalizations.map((l) => [l.id, l]));
  const versionLocs = new Map(md.versionLocalizations.map((l) => [l.id, l]));

  await db.$transaction(async (tx) => {
    const known = new Set<string>();
    const note = (appleId: string) => (known.has(appleId) ? counts.updated++ : counts.created++);
    for (const m of [
      ...(await tx.syncedAppInfoLocalization.findMany({ where: { ...scope, appInfo: { appId: app.id } }, select: { appleId: true } })),
      ...(await tx.syncedVersionLocalization.findMany({ where: { ...scope, version: { appId: app.id } }, select: { appleId: true } })),
    ]) known.add(m.appleId);

    const keepInfos: string[] = [];
    const keepInfoLocs: string[] = [];
    for (const info of md.appInfos) {
      const row = await tx.syncedAppInfo.upsert({
        where: { connectionId_appleId: { connectionId: t.conn.id, appleId: info.id } },
        create: { ...scope, appId: app.id, appleId: info.id, appStoreState: info.attributes?.appStoreState ?? null, state: info.attributes?.state ?? null },
        update: { appStoreState: info.attributes?.appStoreState ?? null, state: info.attributes?.state ?? null },
        select: { id: true },
      });
      keepInfos.push(info.id);
      for (const id of childIds(info, "appInfoLocalizations")) {
        const l = infoLocs.get(id);
        if (!l) continue;
        const a = l.attributes ?? {};
        const data = { locale: a.locale ?? "", name: a.name ?? null, subtitle: a.subtitle ?? null, privacyPolicyUrl: a.privacyPolicyUrl ?? null };
        await tx.syncedAppInfoLocalization.upsert({
          where: { connectionId_appleId: { connectionId: t.conn.id, appleId: id } },
          create: { ...scope, appInfoId: row.id, appleId: id, ...data },
          update: { appInfoId: row.id, ...data },
        });
        note(id);
        keepInfoLocs.push(id);
      }
    }

    const keepVersions: string[] = [];
    const keepVersionLocs: string[] = [];
    for (const v of md.versions) {
      const attrs = v.attributes ?? {};
      const data = { versionString: attrs.versionString ?? "", appStoreState: attrs.appStoreState ?? "", appVersionState: attrs.appVersionState ?? null, platform: attrs.platform ?? null };
      // A release is seen happen: the version was stored before, not live, and is live now. One live at the first sync has no known release time.
      const before = await tx.syncedVersion.findUnique({ where: { connectionId_appleId: { connectionId: t.conn.id, appleId: v.id } }, select: { appVersionState: true, appStoreState: true } });
      const row = await tx.syncedVersion.upsert({
        where: { connectionId_appleId: { connectionId: t.conn.id, appleId: v.id } },
        create: { ...scope, appId: app.id, appleId: v.id, ...data },
        update: data,
        select: { id: true },
      });
      if (isLive(attrs) && before && !isLive(before)) await tx.syncedVersion.updateMany({ where: { id: row.id, releasedAt: null }, data: { releasedAt: nowDate() } });
      keepVersions.push(v.id);
      for (const id of childIds(v, "appStoreVersionLocalizations")) {
        const l = versionLocs.get(id);
        if (!l) continue;
        const a = l.attributes ?? {};
        const fields = {
          locale: a.locale ?? "",
          description: a.description ?? null,
          keywords: a.keywords ?? null,
          marketingUrl: a.marketingUrl ?? null,
          promotionalText: a.promotionalText ?? null,
          supportUrl: a.supportUrl ?? null,
          whatsNew: a.whatsNew ?? null,
        };
        await tx.syncedVersionLocalization.upsert({
          where: { connectionId_appleId: { connectionId: t.conn.id, appleId: id } },
          create: { ...scope, versionId: row.id, appleId: id, ...fields },
          update: { versionId: row.id, ...fields },
        });
        note(id);
        keepVersionLocs.push(id);
      }
    }

    await tx.syncedAppInfoLocalization.deleteMany({ where: { ...scope, appInfo: { appId: app.id }, appleId: { notIn: keepInfoLocs } } });
    await tx.syncedVersionLocalization.deleteMany({ where: { ...scope, version: { appId: app.id }, appleId: { notIn: keepVersionLocs } } });
    await tx.syncedAppInfo.deleteMany({ where: { ...scope, appId: app.id, appleId: { notIn: keepInfos } } });
    await tx.syncedVersion.deleteMany({ where: { ...scope, appId: app.id, appleId: { notIn: keepVersions } } });
    await tx.syncedApp.update({ where: { id: app.id }, data: { metadataSyncedAt: new Date() } });
  });
  // Reviews stored before their version was: they learn it now.
  await placeReviewVersions(t, app.id);
  return counts;
}
