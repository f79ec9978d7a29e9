import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { EDITABLE_VERSION_STATES, byVersionDesc, versionStateOf } from "./fields";

export type AppMetadataSummary = { versionString: string | null; appStoreState: string | null; appVersionState: string | null; locales: number; pendingDrafts: number };

/**
 * Per app the member may see: how many locales its version in preparation has (else its
 * newest version, as the editor opens it) and how many drafts wait to be pushed.
 */
export async function appMetadataSummaries(ctx: OrgContext): Promise<Map<string, AppMetadataSummary>> {
  const where = await connectionScopedWhere(ctx);
  const [versions, drafts] = await Promise.all([
    db.syncedVersion
      .findMany({ where, select: { appId: true, versionString: true, appStoreState: true, appVersionState: true, _count: { select: { localizations: true } } } })
      .then((vs) => vs.sort(byVersionDesc)),
    db.metadataDraft.groupBy({ by: ["appId"], where, _count: { _all: true } }),
  ]);
  const out = new Map<string, AppMetadataSummary>();
  const draftsOf = new Map(drafts.map((d) => [d.appId, d._count._all]));
  const summary = (appId: string) => out.get(appId) ?? out.set(appId, { versionString: null, appStoreState: null, appVersionState: null, locales: 0, pendingDrafts: draftsOf.get(appId) ?? 0 }).get(appId)!;
  for (const v of versions) {
    const s = summary(v.appId);
    // Newest first: the first version seen is kept unless a later one is being prepared.
    const preparing = (st: string | null) => !!st && EDITABLE_VERSION_STATES.has(st);
    const state = versionStateOf(v);
    if (s.versionString === null || (!preparing(s.appVersionState) && preparing(state))) {
      Object.assign(s, { versionString: v.versionString, appStoreState: v.appStoreState, appVersionState: state, locales: v._count.localizations });
    }
  }
  for (const appId of draftsOf.keys()) summary(appId);
  return out;
}
