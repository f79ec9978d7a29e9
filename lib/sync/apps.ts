import { db } from "@/lib/db/client";
import type { SyncTarget } from "./connection";
import type { SyncCounts } from "./counts";

/** Upserts every app of the connection, one page per transaction; returns the stored apps. */
export async function syncApps(t: SyncTarget): Promise<SyncCounts & { apps: { id: string; appleId: string }[] }> {
  const counts = { fetched: 0, created: 0, updated: 0 };
  const apps: { id: string; appleId: string }[] = [];
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  for await (const page of t.reader.apps()) {
    counts.fetched += page.length;
    const stored = await db.$transaction(async (tx) => {
      const existing = new Set((await tx.syncedApp.findMany({ where: { ...scope, appleId: { in: page.map((a) => a.id) } }, select: { appleId: true } })).map((a) => a.appleId));
      const out = [];
      for (const a of page) {
        const data = { name: a.attributes?.name ?? "", bundleId: a.attributes?.bundleId ?? "", sku: a.attributes?.sku ?? "", primaryLocale: a.attributes?.primaryLocale ?? "", syncedAt: new Date() };
        out.push(
          await tx.syncedApp.upsert({
            where: { connectionId_appleId: { connectionId: t.conn.id, appleId: a.id } },
            create: { ...scope, appleId: a.id, ...data },
            update: data,
            select: { id: true, appleId: true },
          }),
        );
        if (existing.has(a.id)) counts.updated++;
        else counts.created++;
      }
      return out;
    });
    apps.push(...stored);
  }
  return { ...counts, apps };
}
