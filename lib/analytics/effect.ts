import { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { effectFigures, type EffectFigures, type SourceCounts } from "./effect-math";
import { addDays, dayOf, findMarker, listMarkers, type Marker } from "./markers";
import { STOREFRONT_TABLE_SOURCE, STOREFRONTS, territoriesShowing } from "./storefronts";

export const ZEffectQuery = z.object({
  window: z.coerce.number({ message: "window is a number of days." }).int("window is a whole number of days.").min(3, "window is at least 3 days.").max(56, "window is at most 56 days.").default(14),
  locale: z.string().trim().min(2, "locale is an App Store locale such as de-DE.").max(16, "locale is an App Store locale such as de-DE.").optional(),
});
export type TEffectQuery = z.infer<typeof ZEffectQuery>;

export type Effect = EffectFigures & {
  marker: Marker;
  locale: string | null;
  territories: string[];
  territorySource: string;
  before: { from: string; to: string; days: number };
  after: { from: string; to: string; days: number };
  excludedDays: string[];
  warnings: string[];
};

const KINDS = ["ENGAGEMENT", "DOWNLOADS", "INSTALLS"] as const;
const daysOf = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};
const fmtDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Days whose counts are final for every report (engagement, downloads, installs). */
async function finalDays(organizationId: string, appId: string, from: string, to: string): Promise<Set<string>> {
  const rows = await db.analyticsDay.groupBy({
    by: ["date"],
    where: { organizationId, appId, date: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) }, final: true, kind: { in: [...KINDS] } },
    _count: { _all: true },
  });
  return new Set(rows.filter((r) => r._count._all === KINDS.length).map((r) => dayOf(r.date)));
}

type Row = { date: Date; sourceType: string; impressions: bigint; downloads: bigint };

/** Impressions and first-time downloads per day and source type in the territories (all when null). */
async function trafficBySource(organizationId: string, appId: string, from: string, to: string, territories: string[] | null): Promise<Row[]> {
  const inTerritories = territories ? Prisma.sql`AND f."territory" IN (${Prisma.join(territories)})` : Prisma.empty;
  return db.$queryRaw<Row[]>(Prisma.sql`
    SELECT f."date", f."sourceType", SUM(f."impressions")::bigint AS impressions, SUM(f."firstTimeDownloads")::bigint AS downloads
    FROM "AnalyticsFact" f
    WHERE f."organizationId" = ${organizationId} AND f."appId" = ${appId}
      AND f."date" >= ${from}::date AND f."date" <= ${to}::date ${inTerritories}
    GROUP BY 1, 2`);
}

function countsOf(rows: Row[], days: Set<string>): SourceCounts[] {
  const by = new Map<string, SourceCounts>();
  for (const r of rows) {
    if (!days.has(dayOf(r.date))) continue;
    const s = by.get(r.sourceType) ?? { sourceType: r.sourceType, impressions: 0, downloads: 0 };
    s.impressions += Number(r.impressions);
    s.downloads += Number(r.downloads);
    by.set(r.sourceType, s);
  }
  return [...by.values()];
}

/**
 * What a change did to conversion (first-time downloads ÷ impressions) in the territories
 * showing the locale: the `window` days before the day of the change against the `window`
 * days from the first day it could show, leaving out the day of the change and days whose
 * counts are not final yet, with a 95% interval, the split into traffic mix and conversion
 * within each source, and warnings when the comparison is weaker than it looks.
 */
export async function markerEffect(ctx: OrgContext, appId: string, markerId: string, q: TEffectQuery): Promise<Effect> {
  const marker = await findMarker(ctx, appId, markerId);
  const organizationId = ctx.orgId;
  const locale = q.locale ?? (marker.kind === "release" ? null : (marker.locales[0] ?? null));
  const territories = locale ? territoriesShowing(locale) : null;
  const warnings: string[] = [];
  if (locale && !territories!.length) warnings.push(`No App Store storefront shows the locale ${locale}, so there is no traffic to compare.`);

  const changeDay = dayOf(Date.parse(marker.at));
  const beforeDays = daysOf(addDays(changeDay, -q.window), addDays(changeDay, -1));
  const afterDays = daysOf(marker.day, addDays(marker.day, q.window - 1));
  const final = await finalDays(organizationId, appId, beforeDays[0], afterDays[afterDays.length - 1]);
  const keptBefore = beforeDays.filter((d) => final.has(d));
  const keptAfter = afterDays.filter((d) => final.has(d));
  const excludedDays = [...beforeDays.filter((d) => !final.has(d)), changeDay, ...afterDays.filter((d) => !final.has(d))];

  const rows = territories && !territories.length ? [] : await trafficBySource(organizationId, appId, beforeDays[0], afterDays[afterDays.length - 1], territories);
  const figures = effectFigures(countsOf(rows, new Set(keptBefore)), countsOf(rows, new Set(keptAfter)));

  if (keptBefore.length < q.window) warnings.push(`Only ${keptBefore.length} of the ${q.window} days before the change have final counts; the before window is shorter than asked.`);
  if (keptAfter.length < q.window) warnings.push(`Only ${keptAfter.length} of the ${q.window} days after the change have final counts so far; the after window is shorter than asked.`);
  if (figures.samples.impressionsBefore === 0 || figures.samples.impressionsAfter === 0) {
    warnings.push(`No impressions stored ${figures.samples.impressionsBefore === 0 ? "before" : "after"} the change in ${territories ? territories.join(", ") || "any territory" : "any territory"}; conversion cannot be compared.`);
  }
  const others = (await listMarkers(ctx, appId, { from: beforeDays[0], to: afterDays[afterDays.length - 1] })).filter((m) => m.id !== marker.id);
  for (const m of others) {
    const day = dayOf(Date.parse(m.at));
    const where = day < changeDay ? "before" : "after";
    warnings.push(`Another change falls inside the ${where} window: “${m.title}” on ${fmtDay(day)}${m.by ? ` by ${m.by}` : ""}; its effect mixes with this one's.`);
  }

  const window = (days: string[], nominal: string[]) => ({ from: nominal[0], to: nominal[nominal.length - 1], days: days.length });
  return {
    marker,
    locale,
    territories: territories ?? [...STOREFRONTS],
    territorySource: territories
      ? `Storefronts showing ${locale}, from App Store Connect Help, “App Store localizations”: ${STOREFRONT_TABLE_SOURCE}`
      : "A release reaches every storefront: all territories are counted.",
    before: window(keptBefore, beforeDays),
    after: window(keptAfter, afterDays),
    excludedDays,
    ...figures,
    warnings,
  };
}
