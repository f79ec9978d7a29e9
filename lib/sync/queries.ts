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

