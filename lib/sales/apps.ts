import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";

/**
 * The apps the Sales page can narrow to, by SKU (how Apple's reports name an app): the
 * synced apps of the connections the member may see, and apps that appear in the range's
 * reports without having been synced. In-app purchases are not apps of their own.
 */
export async function salesApps(ctx: OrgContext, q: { from: string; to: string; connection?: string }) {
  // AND, not a spread: a connection named in the URL narrows the granted ones, never replaces them.
  const where = { AND: [await connectionScopedWhere(ctx), q.connection ? { connectionId: q.connection } : {}] };
  const [synced, reported] = await Promise.all([
    db.syncedApp.findMany({ where, select: { sku: true, name: true } }),
    db.salesRow.groupBy({
      by: ["sku"],
      where: {
        ...where,
        day: { gte: new Date(`${q.from}T00:00:00Z`), lte: new Date(`${q.to}T00:00:00Z`) },
        OR: [{ parentIdentifier: null }, { parentIdentifier: "" }],
      },
      _max: { title: true },
    }),
  ]);
  const names = new Map(reported.map((r) => [r.sku, r._max.title ?? r.sku]));
  for (const s of synced) if (s.sku) names.set(s.sku, s.name);
  return [...names].map(([sku, name]) => ({ sku, name })).sort((a, b) => a.name.localeCompare(b.name) || a.sku.localeCompare(b.sku));
}
