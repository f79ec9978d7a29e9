import { db } from "@/lib/db/client";
import { byVersionDesc } from "@/lib/metadata/fields";

export type VersionRating = { versionString: string; reviews: number; average: number | null; ratings: Record<"1" | "2" | "3" | "4" | "5", number> };

/**
 * Reviews per App Store version of one app (as Apple lists a version's reviews), newest
 * version first, with the average and the count per star. Reviews whose version is not known
 * yet are left out. The caller has checked the app is visible to it.
 */
export async function versionRatings(organizationId: string, appId: string, only?: string[]): Promise<VersionRating[]> {
  const groups = await db.syncedReview.groupBy({
    by: ["versionString", "rating"],
    where: { organizationId, appId, versionString: only ? { in: only } : { not: null } },
    _count: { _all: true },
  });
  const byVersion = new Map<string, VersionRating>();
  for (const g of groups) {
    if (!g.versionString) continue;
    const v = byVersion.get(g.versionString) ?? { versionString: g.versionString, reviews: 0, average: null, ratings: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } };
    const star = String(g.rating) as keyof VersionRating["ratings"];
    if (star in v.ratings) v.ratings[star] += g._count._all;
    v.reviews += g._count._all;
    byVersion.set(g.versionString, v);
  }
  for (const v of byVersion.values()) {
    const sum = Object.entries(v.ratings).reduce((s, [star, n]) => s + Number(star) * n, 0);
    v.average = v.reviews > 0 ? Math.round((sum / v.reviews) * 100) / 100 : null;
  }
  return [...byVersion.values()].sort(byVersionDesc);
}
