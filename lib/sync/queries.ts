import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";

/** Synced apps of the connections this member may see, with their review counts. */
export async function listSyncedApps(ctx: OrgContext) {
  const rows = await db.syncedApp.findMany({
    where: await connectionScopedWhere(ctx),
    orderBy: { name: "asc" },
    select: { id: true, appleId: true, name: true, bundleId: true, sku: true, syncedAt: true, connectionId: true, connection: { select: { name: true } }, _count: { select: { reviews: true } } },
  });
  return rows.map((r) => ({
    id: r.id, appleId: r.appleId, name: r.name, bundleId: r.bundleId, sku: r.sku, syncedAt: r.syncedAt,
    connectionId: r.connectionId, connectionName: r.connection.name, reviews: r._count.reviews,
  }));
}

/** The newest reviews across the apps this member may see. */
export async function latestReviews(ctx: OrgContext, take = 50) {
  return db.syncedReview.findMany({
    where: await connectionScopedWhere(ctx),
    orderBy: [{ createdDate: "desc" }, { id: "desc" }],
    take,
    select: { id: true, rating: true, title: true, body: true, reviewerNickname: true, territory: true, createdDate: true, responseBody: true, responseState: true, app: { select: { name: true } } },
  });
}

/** One app the member may see, with its synced metadata: app info and version localizations. Null when not visible. */
export async function appMetadata(ctx: OrgContext, appId: string) {
  return db.syncedApp.findFirst({
    where: { AND: [await connectionScopedWhere(ctx), { id: appId }] },
    select: {
      id: true, name: true, bundleId: true, sku: true, primaryLocale: true, metadataSyncedAt: true,
      connection: { select: { id: true, name: true } },
      appInfos: { select: { id: true, appStoreState: true, localizations: { orderBy: { locale: "asc" }, select: { id: true, locale: true, name: true, subtitle: true, privacyPolicyUrl: true } } } },
      versions: {
        orderBy: { versionString: "desc" },
        select: {
          id: true, versionString: true, platform: true, appStoreState: true,
          localizations: { orderBy: { locale: "asc" }, select: { id: true, locale: true, description: true, keywords: true, promotionalText: true, whatsNew: true, marketingUrl: true, supportUrl: true } },
        },
      },
    },
  });
}
