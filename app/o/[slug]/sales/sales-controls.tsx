"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { FilterSelect, RangeForm, type Choice } from "@/app/_components/view-controls";
import { presetRanges, viewQuery, type ViewKey } from "./format";

/**
 * The view's range and filters. Each change writes the URL, so a view can be shared, and
 * the server renders the figures for it.
 */
/** `now` is the server's clock, so presets name the same days as the server's default range. */
export function SalesControls({ query, range, now, connections, apps }: { query: string; range: { from: string; to: string }; now: number; connections: Choice[]; apps: Choice[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const params = new URLSearchParams(query);
  const go = (changes: Partial<Record<ViewKey, string | null>>) => startTransition(() => router.push(`${pathname}?${viewQuery(query, changes)}`, { scroll: false }));

  return (
    <div role="search" aria-label="Sales view" className="mb-6 space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <RangeForm key={`${range.from}/${range.to}`} idPrefix="sales" range={range} presets={presetRanges(now)} onChange={(r) => go(r)} />
      <div className="flex flex-wrap items-end gap-3">
        {connections.length > 1 && (
          <FilterSelect id="sales-connection" label="Connection" value={params.get("connection") ?? ""} all="All connections" options={connections} onChange={(v) => go({ connection: v, app: null })} />
        )}
        <FilterSelect id="sales-app" label="App" value={params.get("app") ?? ""} all="All apps" options={apps} onChange={(v) => go({ app: v })} />
        <p className="ml-auto text-sm text-slate-500" aria-live="polite">
          {pending ? "Updating…" : ""}
        </p>
      </div>
    </div>
  );
}
