import { db } from "@/lib/db/client";
import { VERSION_STATES } from "@/lib/asc/read";
import { appStoreStateOf, type SimState } from "../../asc-sim/data";
import { salesRows } from "../../asc-sim/sales";

const byId = <T extends { appleId: string }>(xs: T[]) => xs.sort((a, b) => a.appleId.localeCompare(b.appleId));
const orNull = (v: string | undefined) => (v === undefined || v === "" ? null : v);

/** Apps, metadata and reviews of a simulated account, shaped as the database stores them. */
export function simulatorSnapshot(state: SimState) {
  const versions = state.versions.filter((v) => (VERSION_STATES as readonly string[]).includes(v.appVersionState));
  const versionIds = new Set(versions.map((v) => v.id));
  return {
    apps: byId(state.apps.map((a) => ({ appleId: a.id, name: a.name, bundleId: a.bundleId, sku: a.sku, primaryLocale: a.primaryLocale }))),
    infoLocalizations: byId(state.infoLocs.map((l) => ({ appleId: l.id, locale: l.locale, name: orNull(l.name), subtitle: orNull(l.subtitle), privacyPolicyUrl: orNull(l.privacyPolicyUrl) }))),
    versions: byId(versions.map((v) => ({ appleId: v.id, versionString: v.versionString, appStoreState: appStoreStateOf(v.appVersionState) }))),
    versionLocalizations: byId(
      state.versionLocs
        .filter((l) => versionIds.has(l.versionId))
        .map((l) => ({ appleId: l.id, locale: l.locale, description: orNull(l.description), keywords: orNull(l.keywords), marketingUrl: orNull(l.marketingUrl), promotionalText: orNull(l.promotionalText), supportUrl: orNull(l.supportUrl), whatsNew: orNull(l.whatsNew) })),
    ),
    reviews: byId(
      [...state.reviews.values()].flat().map((r) => {
        const resp = state.responses.get(r.id);
        return { appleId: r.id, rating: r.rating, title: r.title, body: r.body, reviewerNickname: r.reviewerNickname, territory: r.territory, createdDate: new Date(r.createdDate), responseBody: resp?.responseBody ?? null, responseState: resp?.state ?? null };
      }),
    ),
  };
}

/** The same, read back from the database for one connection. */
export async function databaseSnapshot(organizationId: string, connectionId: string) {
  const scope = { organizationId, connectionId };
  const [apps, infoLocalizations, versions, versionLocalizations, reviews] = await Promise.all([
    db.syncedApp.findMany({ where: scope, select: { appleId: true, name: true, bundleId: true, sku: true, primaryLocale: true } }),
    db.syncedAppInfoLocalization.findMany({ where: scope, select: { appleId: true, locale: true, name: true, subtitle: true, privacyPolicyUrl: true } }),
    db.syncedVersion.findMany({ where: scope, select: { appleId: true, versionString: true, appStoreState: true } }),
    db.syncedVersionLocalization.findMany({ where: scope, select: { appleId: true, locale: true, description: true, keywords: true, marketingUrl: true, promotionalText: true, supportUrl: true, whatsNew: true } }),
    db.syncedReview.findMany({ where: scope, select: { appleId: true, rating: true, title: true, body: true, reviewerNickname: true, territory: true, createdDate: true, responseBody: true, responseState: true } }),
  ]);
  return { apps: byId(apps), infoLocalizations: byId(infoLocalizations), versions: byId(versions), versionLocalizations: byId(versionLocalizations), reviews: byId(reviews) };
}

/** Units per day, app and territory: what the simulator's reports hold, and what the database stored. */
export function simulatorUnits(state: SimState, seed: number, days: string[]) {
  const out: Record<string, number> = {};
  for (const day of days) for (const r of salesRows(state, seed, day)) out[`${day} ${r[14]} ${r[12]}`] = (out[`${day} ${r[14]} ${r[12]}`] ?? 0) + Number(r[7]);
  return out;
}

export async function databaseUnits(connectionId: string, days: string[]) {
  const rows = await db.salesRow.findMany({ where: { connectionId, day: { in: days.map((d) => new Date(`${d}T00:00:00Z`)) } }, select: { day: true, appleIdentifier: true, territory: true, units: true } });
  const out: Record<string, number> = {};
  for (const r of rows) {
    const k = `${r.day.toISOString().slice(0, 10)} ${r.appleIdentifier} ${r.territory}`;
    out[k] = (out[k] ?? 0) + r.units;
  }
  return { units: out, rows: rows.length };
}
