import { queueDeliveries } from "@/lib/alerts/queue";
import { raiseRatingDropAlerts } from "@/lib/alerts/raise";
import { versionRatings } from "@/lib/analytics/version-ratings";
import { AscError } from "@/lib/asc/errors";
import type { AscVersionReviewLinkages } from "@/lib/asc/types";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { byVersionDesc } from "@/lib/metadata/fields";
import type { SyncTarget } from "./connection";

type Linkage = AscVersionReviewLinkages["data"][number];

/**
 * Which App Store version each review of an app was written for, from Apple's list of a
 * version's reviews (GET /v1/appStoreVersions/{id}/relationships/customerReviews: ids only,
 * 200 a page), for the versions we store: the live one and those on their way. Apple no
 * longer lists a replaced version with the app, so reviews written for one stay without a
 * version. Run after the reviews sync and after the metadata sync, whichever comes last
 * finds both the reviews and the versions.
 *
 * The reviews looked for are those without a version newer than the newest review that has
 * one (all of them while none has): older ones were looked for in every stored version once.
 * Requests per call:
 *   0 when there are none, or no version is stored; otherwise
 *   Σ over the versions read of max(1, ⌈n_v / 200⌉), n_v = the reviews Apple lists for v,
 * reading the stored versions newest first and stopping once every review looked for is
 * placed, so usually the live version alone. Returns how many reviews got their version.
 * Then the versions' ratings are compared for rating-drop alerts.
 */
export async function placeReviewVersions(t: SyncTarget, appId: string): Promise<number> {
  const placed = await placeVersions(t, appId);
  await alertRatingDrop(t, appId).catch((e: unknown) => log.warn({ appId, err: { message: (e as Error).message } }, "rating drop not checked"));
  return placed;
}

async function placeVersions(t: SyncTarget, appId: string): Promise<number> {
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id, appId };
  const newestPlaced = await db.syncedReview.findFirst({ where: { ...scope, versionString: { not: null } }, select: { createdDate: true }, orderBy: { createdDate: "desc" } });
  const looking = { ...scope, versionString: null, ...(newestPlaced ? { createdDate: { gt: newestPlaced.createdDate } } : {}) };
  if ((await db.syncedReview.count({ where: looking })) === 0) return 0;

  const versions = (await db.syncedVersion.findMany({ where: scope, select: { appleId: true, versionString: true } })).sort(byVersionDesc);
  let placed = 0;
  for (const v of versions) {
    const ids: string[] = [];
    try {
      for await (const page of t.client.pages<Linkage>(`/v1/appStoreVersions/${v.appleId}/relationships/customerReviews`)) ids.push(...page.map((l) => l.id));
    } catch (e) {
      // The version went away at Apple since the metadata sync: the next sync drops it.
      if (e instanceof AscError && e.status === 404) continue;
      throw e;
    }
    if (ids.length) placed += (await db.syncedReview.updateMany({ where: { ...looking, appleId: { in: ids } }, data: { versionString: v.versionString } })).count;
    if ((await db.syncedReview.count({ where: looking })) === 0) break;
  }
  return placed;
}

/**
 * Rating-drop alerts of an app, from its versions' ratings as they now are: only when the
 * organisation has such a rule. A failure here is logged by the raise and never fails the sync.
 */
async function alertRatingDrop(t: SyncTarget, appId: string) {
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  if (!(await db.alertRule.count({ where: { organizationId: scope.organizationId, kind: "RATING_DROP", enabled: true } }))) return;
  const app = await db.syncedApp.findFirst({ where: { ...scope, id: appId }, select: { id: true, name: true } });
  if (!app) return;
  const versions = await versionRatings(scope.organizationId, app.id);
  const due = await db.$transaction((tx) => raiseRatingDropAlerts(tx, { ...scope, appId: app.id, appName: app.name }, versions)).catch(() => []);
  await queueDeliveries(due).catch(() => undefined);
}
