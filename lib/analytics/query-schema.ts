import { z } from "zod";
import { DIMENSIONS } from "./constants";
import { DAY, dayMs, GRANULARITIES, isoDay } from "./figures";

export const MAX_RANGE_DAYS = 731;
/** The default range: this many days ending at the newest day Apple has sent. */
export const DEFAULT_RANGE_DAYS = 28;

export const APP_TABLES = ["series", ...DIMENSIONS] as const;
export const ORG_TABLES = [...APP_TABLES, "apps"] as const;
export type Table = (typeof ORG_TABLES)[number];

const Day = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} is a date like 2026-01-31.`)
    .refine((v) => !Number.isNaN(dayMs(v)) && isoDay(dayMs(v)) === v, `${field} is not a real date.`);

/** A comma list (repeated parameters are joined with commas too); empty entries are dropped. */
const List = (field: string, what: string) =>
  z
    .string()
    .max(4000, `${field} is too long.`)
    .transform((v) => [...new Set(v.split(",").map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(80, `${field} holds ${what}, each at most 80 characters.`)).max(200, `${field} lists at most 200 values.`))
    .optional()
    .describe(`Comma list of ${what}`);

const shape = {
  from: Day("from").optional(),
  to: Day("to").optional(),
  granularity: z.enum(GRANULARITIES, { message: "granularity is day, week or month." }).default("day"),
  territory: List("territory", "territory codes as Apple writes them (e.g. US, DE)"),
  sourceType: List("sourceType", "source types as Apple writes them (e.g. App Store search)"),
  pageType: List("pageType", "page types as Apple writes them (e.g. Product page)"),
  device: List("device", "devices as Apple writes them (e.g. iPhone)"),
  format: z.enum(["json", "csv"], { message: "format is json or csv." }).default("json"),
};

function checkRange(q: { from?: string; to?: string }, c: z.RefinementCtx) {
  if (q.from && q.to && q.from > q.to) c.addIssue({ code: "custom", message: "from is after to.", path: ["from"] });
  else if (q.from && q.to && (dayMs(q.to) - dayMs(q.from)) / DAY + 1 > MAX_RANGE_DAYS) c.addIssue({ code: "custom", message: `A range is at most ${MAX_RANGE_DAYS} days.`, path: ["from"] });
}

const tableOf = <T extends readonly [string, ...string[]]>(tables: T) => z.enum(tables, { message: `table is one of ${tables.join(", ")}.` }).default(tables[0]);

/** One app's analytics view: range, granularity of the series, filters, and for CSV which table. */
export const ZAnalyticsAppQuery = z.object({ ...shape, table: tableOf(APP_TABLES) }).strict().superRefine(checkRange);
/** The organisation's analytics view: as one app's, plus an optional list of apps and their table. */
export const ZAnalyticsOrgQuery = z
  .object({ ...shape, table: tableOf(ORG_TABLES), app: List("app", "app ids") })
  .strict()
  .superRefine(checkRange);

export type TAnalyticsQuery = Omit<z.output<typeof ZAnalyticsOrgQuery>, "table"> & { table: Table };

/** Reads a page's search parameters as the API reads its query (the first of repeated keys, empty ones dropped). */
export function parseAnalyticsQuery(search: Record<string, string | string[] | undefined>, scope: "app" | "org"): z.ZodSafeParseResult<z.output<typeof ZAnalyticsOrgQuery>> {
  const keys = ["from", "to", "granularity", "territory", "sourceType", "pageType", "device", ...(scope === "org" ? ["app"] : [])];
  const given = Object.fromEntries(
    keys.map((k) => [k, Array.isArray(search[k]) ? (search[k] as string[]).join(",") : search[k]] as const).filter(([, v]) => v !== undefined && v !== ""),
  );
  return (scope === "app" ? ZAnalyticsAppQuery : ZAnalyticsOrgQuery).safeParse(given);
}
