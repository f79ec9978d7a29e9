import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { DAY, dayMs, isoDay } from "./figures";

/** The overview's window: this many days ending at the newest day stored, against as many before. */
export const TREND_DAYS = 30;

export type ConversionTrend =
  | { state: "ok"; from: string; to: string; conversionRate: number | null; previousConversionRate: number | null; change: number | null; impressions: number; firstTimeDownloads: number }
  | { state: "not_set_up" };

type Row = { connectionId: string; last: string; impressions: bigint | null; downloads: bigint | null; prevImpressions: bigint | null; prevDownloads: bigint | null };

/**
 * Per connection, conversion (first-time downloads per impression) over its apps' last 30
 * days of Apple's figures, and the 30 days before; `not_set_up` for connections without any.
 */
export async function conversionTrends(organizationId: string, connectionIds: string[]): Promise<Map<string, ConversionTrend>> {
  const out = new Map<string, ConversionTrend>(connectionIds.map((id) => [id, { state: "not_set_up" }]));
  if (!connectionIds.length) return out;
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH newest AS (
      SELECT a."connectionId", MAX(f."date") AS last
      FROM "AnalyticsDaily" f JOIN "SyncedApp" a ON a."id" = f."appId" AND a."organizationId" = f."organizationId"
      WHERE f."organizationId" = ${organizationId} AND a."connectionId" IN (${Prisma.join(connectionIds)}) AND f."dim" = 'all'
      GROUP BY 1
    )
    SELECT n."connectionId", to_char(n.last, 'YYYY-MM-DD') AS last,
           SUM(f."impressions") FILTER (WHERE f."date" > n.last - ${TREND_DAYS}::int)::bigint AS impressions,
           SUM(f."firstTimeDownloads") FILTER (WHERE f."date" > n.last - ${TREND_DAYS}::int)::bigint AS downloads,
           SUM(f."impressions") FILTER (WHERE f."date" <= n.last - ${TREND_DAYS}::int)::bigint AS "prevImpressions",
           SUM(f."firstTimeDownloads") FILTER (WHERE f."date" <= n.last - ${TREND_DAYS}::int)::bigint AS "prevDownloads"
    FROM newest n
    JOIN "SyncedApp" a ON a."organizationId" = ${organizationId} AND a."connectionId" = n."connectionId"
    JOIN "AnalyticsDaily" f ON f."organizationId" = ${organizationId} AND f."appId" = a."id" AND f."dim" = 'all' AND f."date" > n.last - ${2 * TREND_DAYS}::int
    GROUP BY 1, 2`);
  for (const r of rows) {
    const impressions = Number(r.impressions ?? 0);
    const firstTimeDownloads = Number(r.downloads ?? 0);
    const prevImpressions = Number(r.prevImpressions ?? 0);
    const conversionRate = impressions ? firstTimeDownloads / impressions : null;
    const previousConversionRate = prevImpressions ? Number(r.prevDownloads ?? 0) / prevImpressions : null;
    out.set(r.connectionId, {
      state: "ok",
      from: isoDay(dayMs(r.last) - (TREND_DAYS - 1) * DAY),
      to: r.last,
      conversionRate,
      previousConversionRate,
      change: conversionRate === null || previousConversionRate === null ? null : conversionRate - previousConversionRate,
      impressions,
      firstTimeDownloads,
    });
  }
  return out;
}
