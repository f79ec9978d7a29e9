import { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { allowedConnectionIds } from "@/lib/tenancy/scope";

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));

/** A date range from the URL; anything missing or malformed falls back to the last 30 days up to yesterday (UTC). */
export function salesRange(input: { from?: string; to?: string }, now = Date.now()) {
  const yesterday = Math.floor(now / DAY) * DAY - DAY;
  const to = Day.safeParse(input.to).success ? input.to! : isoDay(yesterday);
  const from = Day.safeParse(input.from).success ? input.from! : isoDay(Date.parse(`${to}T00:00:00Z`) - 29 * DAY);
  return from <= to ? { from, to } : { from: to, to: from };
}

/** Rows of the connections the member may see, in [from, to]. */
async function scope(ctx: OrgContext, range: { from: string; to: string }) {
  const allowed = await allowedConnectionIds(ctx);
  const conns = allowed === "all" ? Prisma.empty : allowed.length ? Prisma.sql`AND "connectionId" IN (${Prisma.join(allowed)})` : Prisma.sql`AND FALSE`;
  return Prisma.sql`"organizationId" = ${ctx.orgId} ${conns} AND "day" BETWEEN ${range.from}::date AND ${range.to}::date`;
}

/**
 * Units and proceeds for the range: totals per proceeds currency (never converted), per
 * app and currency, and units per day. Proceeds are Apple's per-unit developer proceeds
 * times units, so refunds (negative units) subtract.
 */
export async function salesSummary(ctx: OrgContext, range: { from: string; to: string }) {
  const where = await scope(ctx, range);
  const [totals, apps, days, status] = await Promise.all([
    db.$queryRaw<{ currency: string; units: bigint; proceeds: Prisma.Decimal }[]>`
      SELECT "proceedsCurrency" AS currency, SUM("units")::bigint AS units, SUM("units" * "proceeds") AS proceeds
      FROM "SalesRow" WHERE ${where} GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ appleIdentifier: string; title: string; currency: string; units: bigint; proceeds: Prisma.Decimal }[]>`
      SELECT "appleIdentifier", MAX("title") AS title, "proceedsCurrency" AS currency, SUM("units")::bigint AS units, SUM("units" * "proceeds") AS proceeds
      FROM "SalesRow" WHERE ${where} GROUP BY 1, 3 ORDER BY 4 DESC, 1, 3`,
    db.$queryRaw<{ day: Date; units: bigint }[]>`
      SELECT "day", SUM("units")::bigint AS units FROM "SalesRow" WHERE ${where} GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ status: string; days: bigint }[]>`
      SELECT "status"::text AS status, COUNT(*)::bigint AS days FROM "SalesDay" WHERE ${where} GROUP BY 1 ORDER BY 1`,
  ]);
  const money = (d: Prisma.Decimal) => Number(d).toFixed(2);
  return {
    range,
    totals: totals.map((t) => ({ currency: t.currency, units: Number(t.units), proceeds: money(t.proceeds) })),
    apps: apps.map((a) => ({ appleIdentifier: a.appleIdentifier, title: a.title, currency: a.currency, units: Number(a.units), proceeds: money(a.proceeds) })),
    days: days.map((d) => ({ day: d.day.toISOString().slice(0, 10), units: Number(d.units) })),
    reportDays: Object.fromEntries(status.map((s) => [s.status, Number(s.days)])) as Partial<Record<"FETCHED" | "NO_SALES" | "NOT_AVAILABLE" | "FAILED", number>>,
  };
}
