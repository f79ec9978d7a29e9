"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { cx, inputClass } from "@/app/_components/ui";
import { BREAKDOWN_CHOICES, chartPoints, chartSummary, defaultCurrency, type Point } from "./chart-data";
import { BY_WORDS, isTime, money, viewQuery, type TSalesView } from "./format";

const BRAND = "#2a55e0";
const PROCEEDS = "#0f766e";

/**
 * Units, and proceeds in one chosen currency, over time or by app, territory or product
 * type. The breakdown is part of the URL; the currency and the chart shape are choices
 * of the moment.
 */
export function SalesCharts({ view, query }: { view: TSalesView; query: string }) {
  const pathname = usePathname();
  const [picked, setPicked] = useState<string>();
  const [shape, setShape] = useState<"bars" | "lines">("bars");
  const currency = picked && view.currencies.includes(picked) ? picked : defaultCurrency(view.rows);
  const time = isTime(view.by);
  const points = chartPoints(view, currency);
  const summary = chartSummary(view, points, currency);
  const prefix = time ? "" : "breakdown-";

  return (
    <section aria-labelledby="sales-charts" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="sales-charts" className="text-base font-semibold text-slate-900">
          {time ? `Over time, per ${BY_WORDS[view.by].noun}` : `By ${BY_WORDS[view.by].noun}`}
        </h2>
        <nav aria-label="Break down by" className="flex flex-wrap gap-1.5">
          {BREAKDOWN_CHOICES.map((c) => (
            <Link
              key={c.by}
              href={`${pathname}?${viewQuery(query, { by: c.by })}`}
              scroll={false}
              aria-current={c.by === view.by ? "true" : undefined}
              className={cx(
                "rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset",
                c.by === view.by ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
              )}
            >
              {c.label}
            </Link>
          ))}
        </nav>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        {time && (
          <div role="group" aria-label="Chart shape" className="flex gap-1">
            {(["bars", "lines"] as const).map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={shape === s}
                onClick={() => setShape(s)}
                className={cx("rounded-md px-2.5 py-1 text-xs font-medium ring-1 ring-inset", shape === s ? "bg-slate-800 text-white ring-slate-800" : "bg-white text-slate-700 ring-slate-300")}
              >
                {s === "bars" ? "Bars" : "Lines"}
              </button>
            ))}
          </div>
        )}
        {view.currencies.length > 1 && (
          <div className="w-40">
            <label htmlFor="sales-currency" className="mb-1 block text-xs font-medium text-slate-600">
              Proceeds currency
            </label>
            <select id="sales-currency" value={currency} onChange={(e) => setPicked(e.target.value)} className={cx(inputClass, "py-1.5")}>
              {view.currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Chart testId={`${prefix}units-chart`} {...summary.units} points={points.units} shape={time ? shape : "bars"} color={BRAND} format={(n) => n.toLocaleString("en-US")} />
        <Chart testId={`${prefix}proceeds-chart`} {...summary.proceeds} points={points.proceeds} shape={time ? shape : "bars"} color={PROCEEDS} format={(n) => money(n, currency)} />
      </div>
    </section>
  );
}

function Chart({ testId, title, label, points, shape, color, format }: { testId: string; title: string; label: string; points: Point[]; shape: "bars" | "lines"; color: string; format: (n: number) => string }) {
  const axis = { fontSize: 11, fill: "#64748b" };
  const tooltip = <Tooltip formatter={(v) => format(Number(v))} cursor={{ fill: "#f1f5f9" }} />;
  return (
    <figure className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      {/* The chart is one picture to assistive technology; its name says what it shows, and the table below has every figure. */}
      <div role="img" aria-label={label} data-testid={testId} data-points={points.length} className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
          {shape === "lines" ? (
            <LineChart data={points} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" tick={axis} tickLine={false} minTickGap={12} />
              <YAxis tick={axis} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => format(v)} />
              {tooltip}
              <Line dataKey="value" name={title} stroke={color} strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
            </LineChart>
          ) : (
            <BarChart data={points} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" tick={axis} tickLine={false} minTickGap={12} />
              <YAxis tick={axis} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => format(v)} />
              {tooltip}
              <Bar dataKey="value" name={title} fill={color} radius={[3, 3, 0, 0]} maxBarSize={56} isAnimationActive={false} />
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
