"use client";

import { useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { periodLabel, periodOf, type Granularity } from "@/lib/analytics/figures";
import type { Marker } from "@/lib/analytics/markers";
import { count, percent, type TAnalyticsView } from "./format";

const LINES = [
  { key: "impressions", name: "Impressions", color: "#2a55e0", axis: "counts" },
  { key: "productPageViews", name: "Product page views", color: "#7c3aed", axis: "counts" },
  { key: "firstTimeDownloads", name: "First-time downloads", color: "#0f766e", axis: "counts" },
  { key: "conversion", name: "Conversion rate", color: "#d97706", axis: "rate" },
] as const;
type LineKey = (typeof LINES)[number]["key"];
export const NOT_FINAL = "Not final yet: Apple restates the last days";
export const MARKER_KIND: Record<Marker["kind"], string> = { metadata: "Metadata", media: "Screenshots", release: "Release" };

type Point = { period: string; label: string; complete: boolean } & Partial<Record<LineKey | `${LineKey}Draft`, number | null>>;

/**
 * Each period's value goes to the solid line when it is final and to the dashed one when
 * it is not; the periods either side of a change go to both, so the two lines meet.
 */
export function chartPoints(view: Pick<TAnalyticsView, "series" | "granularity">): Point[] {
  const s = view.series;
  return s.map((p, i) => {
    const draft = !p.complete || (i > 0 && !s[i - 1].complete) || (i < s.length - 1 && !s[i + 1].complete);
    const values: Record<LineKey, number | null> = {
      impressions: p.impressions,
      productPageViews: p.productPageViews,
      firstTimeDownloads: p.firstTimeDownloads,
      conversion: p.conversionRate === null ? null : Math.round(p.conversionRate * 10000) / 100,
    };
    const point: Point = { period: p.period, label: periodLabel(p.period, view.granularity), complete: p.complete };
    for (const l of LINES) {
      point[l.key] = p.complete ? values[l.key] : null;
      point[`${l.key}Draft`] = draft ? values[l.key] : null;
    }
    return point;
  });
}

/**
 * The funnel over time: impressions, page views and first-time downloads on the left axis,
 * the conversion rate (percent) on the right. Periods Apple may still restate are dashed;
 * changes to the app (markers) are vertical lines, and each opens what it did to conversion.
 */
export function AnalyticsChart({
  view,
  label,
  markers = [],
  panel,
  csvHref,
}: {
  view: Pick<TAnalyticsView, "series" | "granularity">;
  label: string;
  csvHref: string;
  markers?: Marker[];
  panel?: (marker: Marker, close: () => void) => React.ReactNode;
}) {
  const [open, setOpen] = useState<Marker | null>(null);
  const points = chartPoints(view);
  const periods = new Set(points.map((p) => p.period));
  const shown = markers.filter((m) => periods.has(periodOf(m.day, view.granularity as Granularity)));
  const anyDraft = points.some((p) => !p.complete);
  const axis = { fontSize: 11, fill: "#64748b" };

  return (
    <section aria-labelledby="analytics-chart-title" className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <h2 id="analytics-chart-title" className="text-base font-semibold text-slate-900">
          Over time, per {view.granularity}
        </h2>
        <a href={csvHref} className="text-sm font-medium text-brand-700 hover:underline" aria-label={`Download CSV: figures per ${view.granularity}`}>
          Download CSV
        </a>
      </div>
      <figure className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        {/* One picture to assistive technology; its name says what it shows, and the tables have the figures. */}
        <div role="img" aria-label={label} data-testid="analytics-chart" data-points={points.length} className="h-72 w-full">
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 720, height: 288 }}>
            <LineChart data={points} accessibilityLayer={false} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="period" tickFormatter={(p: string) => periodLabel(p, view.granularity)} tick={axis} tickLine={false} minTickGap={12} />
              <YAxis yAxisId="counts" tick={axis} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => count(v)} />
              <YAxis yAxisId="rate" orientation="right" tick={axis} tickLine={false} axisLine={false} width={48} tickFormatter={(v: number) => `${v}%`} />
              <Tooltip
                labelFormatter={(p) => periodLabel(String(p), view.granularity)}
                formatter={(v, name) => [String(name).startsWith("Conversion") ? percent(Number(v) / 100) : count(Number(v)), String(name)]}
              />
              {LINES.map((l) => (
                <Line key={l.key} yAxisId={l.axis} dataKey={l.key} name={l.name} stroke={l.color} strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
              ))}
              {LINES.map((l) => (
                <Line key={`${l.key}Draft`} yAxisId={l.axis} dataKey={`${l.key}Draft`} name={`${l.name} (not final)`} stroke={l.color} strokeOpacity={0.55} strokeWidth={2} strokeDasharray="5 4" dot={false} isAnimationActive={false} legendType="none" />
              ))}
              {shown.map((m) => (
                <ReferenceLine key={m.id} yAxisId="counts" x={periodOf(m.day, view.granularity as Granularity)} stroke="#64748b" strokeDasharray="2 3" label={{ value: MARKER_KIND[m.kind], position: "insideTopLeft", fontSize: 10, fill: "#475569" }} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <figcaption className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
          {LINES.map((l) => (
            <span key={l.key} className="inline-flex items-center gap-1.5">
              <span aria-hidden className="inline-block h-0.5 w-4" style={{ background: l.color }} />
              {l.name}
              {l.axis === "rate" ? " (right axis)" : ""}
            </span>
          ))}
          {anyDraft && (
            <span className="inline-flex items-center gap-1.5">
              <span aria-hidden className="inline-block w-4 border-t-2 border-dashed border-slate-400" />
              {NOT_FINAL}
            </span>
          )}
        </figcaption>
      </figure>
      {markers.length > 0 && (
        <section aria-labelledby="analytics-markers" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h3 id="analytics-markers" className="text-sm font-semibold text-slate-900">
            Changes in this period
          </h3>
          <ul className="mt-2 space-y-1 text-sm">
            {markers.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  data-testid={`marker-${m.id}`}
                  aria-expanded={open?.id === m.id}
                  onClick={() => setOpen(open?.id === m.id ? null : m)}
                  className="text-left text-brand-700 hover:underline"
                >
                  <span className="font-medium">{MARKER_KIND[m.kind]}</span>: {m.title} <span className="text-slate-500">(shows from {periodLabel(m.day, "day")})</span>
                </button>
              </li>
            ))}
          </ul>
          {open && panel && <div className="mt-3">{panel(open, () => setOpen(null))}</div>}
        </section>
      )}
    </section>
  );
}
