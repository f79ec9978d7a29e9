"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { cx } from "@/app/_components/ui";
import { FilterSelect, RangeForm } from "@/app/_components/view-controls";
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
      <RangeForm key={`${range.from}/${range.to}`} idPrefix="analytics" range={range} onChange={(r) => go(r)} />
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
          <FilterSelect
            key={d}
            id={`analytics-filter-${d}`}
            label={DIMENSION_WORDS[d].heading}
            value={params.get(d) ?? ""}
            all="All"
            options={options[d].map((o) => ({ value: o, label: o }))}
            className="w-44"
            onChange={(v) => go({ [d]: v })}
          />
        ))}
        <p className="ml-auto text-sm text-slate-500" aria-live="polite">
          {pending ? "Updating…" : ""}
        </p>
      </div>
    </div>
  );
}
