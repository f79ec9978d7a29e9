import { BY_WORDS, bucketLabel, count, isTime, money, rangeWords, type Breakdown, type TSalesRow, type TSalesView } from "./format";

export type Point = { key: string; label: string; value: number };

export const BREAKDOWN_CHOICES: { by: Breakdown; label: string }[] = [
  { by: "day", label: "Day" },
  { by: "week", label: "Week" },
  { by: "month", label: "Month" },
  { by: "app", label: "App" },
  { by: "territory", label: "Territory" },
  { by: "productType", label: "Product type" },
];

const cents = (n: number) => Math.round(n * 100) / 100;

/** The currency with the most rows in the view (then the most units): the proceeds chart's first choice. */
export function defaultCurrency(rows: TSalesRow[]) {
  const n = new Map<string, { rows: number; units: number }>();
  for (const r of rows) {
    const c = n.get(r.currency) ?? { rows: 0, units: 0 };
    n.set(r.currency, { rows: c.rows + 1, units: c.units + r.units });
  }
  return [...n].sort(([a, x], [b, y]) => y.rows - x.rows || y.units - x.units || a.localeCompare(b))[0]?.[0] ?? "USD";
}

/**
 * What the two charts plot. Over time: every bucket of the range, zero where nothing sold,
 * units of all currencies together (a unit is a unit) and proceeds of one currency. By
 * app, territory or product type: one bar per key, largest first.
 */
export function chartPoints(view: TSalesView, currency: string): { units: Point[]; proceeds: Point[] } {
  const units = new Map<string, Point>();
  const proceeds = new Map<string, Point>();
  const time = isTime(view.by);
  for (const b of view.buckets ?? []) {
    units.set(b, { key: b, label: bucketLabel(view.by, b), value: 0 });
    proceeds.set(b, { key: b, label: bucketLabel(view.by, b), value: 0 });
  }
  for (const r of view.rows) {
    const label = time ? bucketLabel(view.by, r.key) : r.label;
    const u = units.get(r.key) ?? { key: r.key, label, value: 0 };
    u.value += r.units;
    units.set(r.key, u);
    if (r.currency !== currency) continue;
    const p = proceeds.get(r.key) ?? { key: r.key, label, value: 0 };
    p.value = cents(p.value + Number(r.proceeds));
    proceeds.set(r.key, p);
  }
  const order = (m: Map<string, Point>) => (time ? [...m.values()] : [...m.values()].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label)));
  return { units: order(units), proceeds: order(proceeds) };
}

/** Each chart's title, and its accessible name: what it shows, over which days, and the figures that matter. */
export function chartSummary(view: TSalesView, points: { units: Point[]; proceeds: Point[] }, currency: string) {
  const range = rangeWords(view.range);
  const noun = BY_WORDS[view.by].noun;
  const time = isTime(view.by);
  const describe = (title: string, pts: Point[], fmt: (n: number) => string) => {
    if (time) {
      const total = pts.reduce((n, p) => n + p.value, 0);
      const top = pts.reduce<Point | undefined>((best, p) => (p.value > (best?.value ?? 0) ? p : best), undefined);
      return { title, label: `${title}, ${range}, total ${fmt(cents(total))}${top ? `, highest ${fmt(top.value)} on ${top.label}` : ""}` };
    }
    const shown = pts.slice(0, 5).map((p) => `${p.label} ${fmt(p.value)}`);
    const more = pts.length > 5 ? ` and ${pts.length - 5} more` : "";
    return { title, label: `${title}, ${range}: ${shown.length ? shown.join(", ") + more : "no sales"}` };
  };
  return {
    units: describe(time ? `Units per ${noun}` : `Units by ${noun}`, points.units, count),
    proceeds: describe(time ? `Proceeds in ${currency} per ${noun}` : `Proceeds in ${currency} by ${noun}`, points.proceeds, (n) => money(n, currency)),
  };
}
