import { now as clockNow } from "@/lib/clock";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { allowedConnectionIds } from "@/lib/tenancy/scope";

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const Day = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} is a date like 2026-01-31.`)
    .refine((v) => !Number.isNaN(dayMs(v)) && isoDay(dayMs(v)) === v, `${field} is not a real date.`);

export const BREAKDOWNS = ["day", "week", "month", "app", "territory", "productType"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
export const MAX_RANGE_DAYS = 731;

/**
 * A sales view: the date range (inclusive, UTC days as Apple's reports are), what the
 * table and chart break the figures down by, and optional narrowing to one connection or
 * app (the app's SKU, which is how Apple's reports name it).
 */
export const ZSalesQuery = z
  .object({
    from: Day("from").optional(),
    to: Day("to").optional(),
    by: z.enum(BREAKDOWNS, { message: `by is one of ${BREAKDOWNS.join(", ")}.` }).default("day"),
    connection: z.string().max(40, "connection is a connection id.").optional(),
    app: z.string().max(100, "app is an app's SKU.").optional(),
    format: z.enum(["json", "csv"], { message: "format is json or csv." }).default("json"),
  })
  .strict()
  .transform((q, c) => {
    const yesterday = Math.floor(clockNow() / DAY) * DAY - DAY;
    const to = q.to ?? isoDay(yesterday);
    const from = q.from ?? isoDay(dayMs(to) - 29 * DAY);
    if (from > to) {
      c.addIssue({ code: "custom", message: "from is after to.", path: ["from"] });
      return z.NEVER;
    }
    if ((dayMs(to) - dayMs(from)) / DAY + 1 > MAX_RANGE_DAYS) {
      c.addIssue({ code: "custom", message: `A range is at most ${MAX_RANGE_DAYS} days.`, path: ["from"] });
      return z.NEVER;
    }
    return { ...q, from, to };
  });
export type TSalesQuery = z.output<typeof ZSalesQuery>;

export function parseSalesQuery(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  return ZSalesQuery.safeParse(Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== "")));
}

/** Words for Apple's product type identifiers; others show as Apple writes them. */
export const PRODUCT_TYPES: Record<string, string> = {
  "1": "iPhone app",
  "1F": "Universal app",
  "1T": "iPad app",
  "1E": "Custom iPhone app",
  "1EP": "Custom iPad app",
  "1EU": "Custom universal app",
  F1: "Mac app",
  "3": "Redownload",
  "3F": "Universal redownload",
  "3T": "iPad redownload",
  "7": "iPhone update",
  "7F": "Universal update",
  "7T": "iPad update",
  F7: "Mac update",
  IA1: "In-app purchase",
  IA9: "Non-consumable in-app purchase",
  IAY: "Auto-renewable subscription",
  IAC: "Free subscription",
  FI1: "Mac in-app purchase",
  "1-B": "App bundle",
};

/** The previous period of the same length, ending the day before `from`. */
export function previousPeriod(range: { from: string; to: string }) {
  const days = (dayMs(range.to) - dayMs(range.from)) / DAY + 1;
  return { from: isoDay(dayMs(range.from) - days * DAY), to: isoDay(dayMs(range.from) - DAY) };
}

async function whereOf(ctx: OrgContext, q: { from: string; to: string; connection?: string; app?: string }) {
  const allowed = await allowedConnectionIds(ctx);
  const parts = [Prisma.sql`s."organizationId" = ${ctx.orgId}`, Prisma.sql`s."day" BETWEEN ${q.from}::date AND ${q.to}::date`];
  if (allowed !== "all") parts.push(allowed.length ? Prisma.sql`s."connectionId" IN (${Prisma.join(allowed)})` : Prisma.sql`FALSE`);
  if (q.connection) parts.push(Prisma.sql`s."connectionId" = ${q.connection}`);
  // An app's in-app purchases name it as their parent.
  if (q.app) parts.push(Prisma.sql`(s."sku" = ${q.app} OR s."parentIdentifier" = ${q.app})`);
  return Prisma.join(parts, " AND ");
}

/** The app a row counts for: itself, or for in-app purchases its parent (by SKU). */
const APP_KEY = Prisma.sql`COALESCE(NULLIF(s."parentIdentifier", ''), s."sku")`;

function keyOf(by: Breakdown) {
  switch (by) {
    case "day":
      return Prisma.sql`to_char(s."day", 'YYYY-MM-DD')`;
    case "week":
      // ISO weeks start on Monday; the key is the Monday.
      return Prisma.sql`to_char(date_trunc('week', s."day"), 'YYYY-MM-DD')`;
    case "month":
      return Prisma.sql`to_char(s."day", 'YYYY-MM')`;
    case "app":
      return APP_KEY;
    case "territory":
      return Prisma.sql`s."territory"`;
    case "productType":
      return Prisma.sql`s."productType"`;
  }
}

type Row = { key: string; currency: string; units: bigint; proceeds: Prisma.Decimal; refunds: bigint; free: bigint };
const money = (d: Prisma.Decimal | number | null) => Number(d ?? 0).toFixed(2);

async function aggregate(ctx: OrgContext, q: { from: string; to: string; connection?: string; app?: string }, by: Breakdown) {
  const where = await whereOf(ctx, q);
  return db.$queryRaw<Row[]>(Prisma.sql`
    SELECT ${keyOf(by)} AS key, s."proceedsCurrency" AS currency,
           SUM(s."units")::bigint AS units,
           SUM(s."units" * s."proceeds") AS proceeds,
           SUM(CASE WHEN s."units" < 0 THEN -s."units" ELSE 0 END)::bigint AS refunds,
           SUM(CASE WHEN s."units" > 0 AND s."proceeds" = 0 THEN s."units" ELSE 0 END)::bigint AS free
    FROM "SalesRow" s WHERE ${where}
    GROUP BY 1, 2 ORDER BY 1, 2`);
}

/** Names for app keys (SKUs): the synced app's name, else the title in the report. */
async function appNames(ctx: OrgContext, keys: string[], q: { from: string; to: string; connection?: string; app?: string }) {
  if (!keys.length) return new Map<string, string>();
  const where = await whereOf(ctx, q);
  const [synced, titled] = await Promise.all([
    db.syncedApp.findMany({ where: { organizationId: ctx.orgId, sku: { in: keys } }, select: { sku: true, name: true } }),
    db.$queryRaw<{ sku: string; title: string }[]>(Prisma.sql`
      SELECT s."sku", MAX(s."title") AS title FROM "SalesRow" s
      WHERE ${where} AND s."sku" IN (${Prisma.join(keys)}) AND COALESCE(s."parentIdentifier", '') = '' GROUP BY 1`),
  ]);
  const names = new Map(titled.map((t) => [t.sku, t.title]));
  for (const s of synced) names.set(s.sku, s.name);
  return names;
}

function label(by: Breakdown, key: string, names: Map<string, string>) {
  if (by === "app") return names.get(key) ?? key;
  if (by === "productType") return PRODUCT_TYPES[key] ?? key;
  return key;
}

function totalsOf(rows: Row[]) {
  const by = new Map<string, { currency: string; units: number; proceeds: number; refunds: number; free: number }>();
  for (const r of rows) {
    const t = by.get(r.currency) ?? { currency: r.currency, units: 0, proceeds: 0, refunds: 0, free: 0 };
    t.units += Number(r.units);
    t.proceeds += Number(r.proceeds);
    t.refunds += Number(r.refunds);
    t.free += Number(r.free);
    by.set(r.currency, t);
  }
  return [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency)).map((t) => ({ ...t, proceeds: money(t.proceeds) }));
}

/** Every bucket of the range, so a chart shows days without sales as zero rather than skipping them. */
function buckets(by: Breakdown, range: { from: string; to: string }) {
  if (by !== "day" && by !== "week" && by !== "month") return null;
  const out: string[] = [];
  const start = dayMs(range.from);
  const end = dayMs(range.to);
  if (by === "day") for (let d = start; d <= end; d += DAY) out.push(isoDay(d));
  if (by === "week") {
    const monday = start - ((new Date(start).getUTCDay() + 6) % 7) * DAY;
    for (let d = monday; d <= end; d += 7 * DAY) out.push(isoDay(d));
  }
  if (by === "month") for (let d = new Date(start); d.getTime() <= end; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) out.push(isoDay(d.getTime()).slice(0, 7));
  return out;
}

/**
 * Units and proceeds for a range, broken down as asked, per proceeds currency (Apple's
 * amounts are never converted), with totals per currency and the same totals for the
 * previous period of the same length. Proceeds are Apple's per-unit developer proceeds
 * times units, so refunds (negative units) subtract; free units count in units.
 */
export async function salesView(ctx: OrgContext, q: TSalesQuery) {
  const prev = previousPeriod(q);
  const [rows, prevRows] = await Promise.all([aggregate(ctx, q, q.by), aggregate(ctx, { ...q, ...prev }, "month")]);
  const names = q.by === "app" ? await appNames(ctx, [...new Set(rows.map((r) => r.key))], q) : new Map<string, string>();
  return {
    range: { from: q.from, to: q.to },
    previous: prev,
    by: q.by,
    currencies: [...new Set(rows.map((r) => r.currency))].sort(),
    buckets: buckets(q.by, q),
    rows: rows.map((r) => ({ key: r.key, label: label(q.by, r.key, names), currency: r.currency, units: Number(r.units), proceeds: money(r.proceeds), refunds: Number(r.refunds), free: Number(r.free) })),
    totals: totalsOf(rows),
    previousTotals: totalsOf(prevRows),
  };
}
export type TSalesView = Awaited<ReturnType<typeof salesView>>;

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quotes around anything with a separator, a quote or a line break; a leading = + - @ is
  // prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The table of a view as CSV: one line per row shown, the same figures. */
export function salesCsv(view: TSalesView) {
  const head = [view.by, "label", "currency", "units", "proceeds", "refunded units", "free units"];
  const lines = [head, ...view.rows.map((r) => [r.key, r.label, r.currency, r.units, r.proceeds, r.refunds, r.free])];
  return lines.map((l) => l.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The CSV response for a view, named after its range and breakdown. */
export function salesCsvResponse(view: TSalesView) {
  return new Response(salesCsv(view), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="sales-${view.range.from}-${view.range.to}-by-${view.by}.csv"`,
    },
  });
}

/** Per connection the member may see, each day's report status in the range, for the status strip and backfill. */
export async function reportStatus(ctx: OrgContext, range: { from: string; to: string }) {
  const allowed = await allowedConnectionIds(ctx);
  const connections = await db.connection.findMany({
    where: { organizationId: ctx.orgId, ...(allowed === "all" ? {} : { id: { in: allowed } }) },
    select: { id: true, name: true, keyKind: true, vendorNumber: true, salesDays: { where: { day: { gte: new Date(`${range.from}T00:00:00Z`), lte: new Date(`${range.to}T00:00:00Z`) } }, select: { day: true, status: true, reason: true, rows: true, updatedAt: true }, orderBy: { day: "asc" } } },
    orderBy: { name: "asc" },
  });
  return connections.map((c) => ({
    id: c.id,
    name: c.name,
    keyKind: c.keyKind,
    vendorNumber: c.vendorNumber,
    days: c.salesDays.map((d) => ({ day: d.day.toISOString().slice(0, 10), status: d.status, reason: d.reason, rows: d.rows, updatedAt: d.updatedAt.toISOString() })),
  }));
}
