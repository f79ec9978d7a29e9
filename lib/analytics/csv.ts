import { METRICS } from "./constants";
import { RATES, type Figures } from "./figures";
import type { Table } from "./query-schema";
import type { TAnalyticsView } from "./query";

const csvCell = (v: string | number | boolean | null) => {
  const s = v === null ? "" : String(v);
  // Quotes around anything with a separator, a quote or a line break; a leading = + - @ is
  // prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const HEAD = [...METRICS, ...RATES];
const figures = (f: Figures) => [...METRICS.map((m) => f[m]), ...RATES.map((r) => (f[r] === null ? null : Number(f[r]!.toFixed(6))))];

/** One table of a view as CSV, the same figures as the answer: the series, a breakdown or the apps. */
export function analyticsCsv(view: Pick<TAnalyticsView, "series" | "breakdowns" | "apps" | "granularity">, table: Table) {
  const lines: (string | number | boolean | null)[][] =
    table === "series"
      ? [[view.granularity === "day" ? "day" : view.granularity === "week" ? "week (Monday)" : "month", ...HEAD, "final"], ...view.series.map((p) => [p.period, ...figures(p), p.complete])]
      : table === "apps"
        ? [["app id", "app", ...HEAD], ...view.apps.map((a) => [a.appId, a.appName, ...figures(a)])]
        : [[table, ...HEAD], ...view.breakdowns[table].map((b) => [b.value, ...figures(b)])];
  return lines.map((l) => l.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The CSV response for one table of a view, named after the table and range. */
export function analyticsCsvResponse(view: TAnalyticsView, table: Table, name: string) {
  return new Response(analyticsCsv(view, table), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="analytics-${name}-${view.range.from}-${view.range.to}-${table}.csv"`,
    },
  });
}
