"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, cx, inputClass } from "@/app/_components/ui";
import { DIMENSIONS, type Dimension } from "@/lib/analytics/constants";
import { DIMENSION_WORDS, viewQuery, type ViewKey } from "./format";

const GRANULARITY = [
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
] as const;

/**
 * The view's range, periods and filters. Each change writes the URL, so a view can be
 * shared, and the server renders the figures for it.
 */
export function AnalyticsControls({ query, range, granularity, options }: { query: string; range: { from: string; to: string }; granularity: string; options: Record<Dimension, string[]> }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const params = new URLSearchParams(query);
  const go = (changes: Partial<Record<ViewKey, string | null>>) => startTransition(() => router.push(`${pathname}?${viewQuery(query, changes)}`, { scroll: false }));

  return (
    <div role="search" aria-label="Analytics view" className="mb-6 space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <RangeForm key={`${range.from}/${range.to}`} range={range} onChange={(r) => go(r)} />
      <div className="flex flex-wrap items-end gap-3">
        <div role="group" aria-label="Periods" className="flex gap-1">
          {GRANULARITY.map((g) => (
            <button
              key={g.value}
              type="button"
              aria-pressed={granularity === g.value}
              onClick={() => go({ granularity: g.value === "day" ? null : g.value })}
              className={cx("rounded-md px-2.5 py-1 text-xs font-medium ring-1 ring-inset", granularity === g.value ? "bg-slate-800 text-white ring-slate-800" : "bg-white text-slate-700 ring-slate-300")}
            >
              {g.label}
            </button>
          ))}
        </div>
        {DIMENSIONS.map((d) => (
          <Filter key={d} dim={d} value={params.get(d) ?? ""} options={options[d]} onChange={(v) => go({ [d]: v })} />
        ))}
        <p className="ml-auto text-sm text-slate-500" aria-live="polite">
          {pending ? "Updating…" : ""}
        </p>
      </div>
    </div>
  );
}

function RangeForm({ range, onChange }: { range: { from: string; to: string }; onChange: (r: { from: string; to: string }) => void }) {
  const [draft, setDraft] = useState(range);
  const [error, setError] = useState<string>();
  function apply(e: React.FormEvent) {
    e.preventDefault();
    if (!draft.from || !draft.to) return setError("Choose both days.");
    if (draft.from > draft.to) return setError("The start date is after the end date.");
    setError(undefined);
    onChange(draft);
  }
  return (
    <form onSubmit={apply} noValidate aria-label="Date range" className="flex flex-wrap items-end gap-3">
      {(["from", "to"] as const).map((k) => (
        <div key={k} className="w-40">
          <label htmlFor={`analytics-${k}`} className="mb-1 block text-xs font-medium text-slate-600">
            {k === "from" ? "From" : "To"}
          </label>
          <input
            id={`analytics-${k}`}
            type="date"
            value={draft[k]}
            onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
            aria-invalid={!!error || undefined}
            aria-describedby={error ? "analytics-range-error" : undefined}
            className={cx(inputClass, "py-1.5")}
          />
        </div>
      ))}
      <Button type="submit" variant="secondary">
        Show
      </Button>
      {error && (
        <p id="analytics-range-error" role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

function Filter({ dim, value, options, onChange }: { dim: Dimension; value: string; options: string[]; onChange: (v: string | null) => void }) {
  // A value from a shared link that is not among the choices still shows as chosen.
  const shown = value && !options.includes(value) ? [value, ...options] : options;
  const id = `analytics-filter-${dim}`;
  return (
    <div className="w-44">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {DIMENSION_WORDS[dim].heading}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value || null)} className={cx(inputClass, "py-1.5")}>
        <option value="">All</option>
        {shown.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}
