"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, cx, inputClass } from "@/app/_components/ui";
import { presetRanges, viewQuery, type ViewKey } from "./format";

type Choice = { value: string; label: string };

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
      <RangePicker key={`${range.from}/${range.to}`} range={range} now={now} onChange={(r) => go(r)} />
      <div className="flex flex-wrap items-end gap-3">
        {connections.length > 1 && (
          <Select id="sales-connection" label="Connection" value={params.get("connection") ?? ""} all="All connections" options={connections} onChange={(v) => go({ connection: v, app: null })} />
        )}
        <Select id="sales-app" label="App" value={params.get("app") ?? ""} all="All apps" options={apps} onChange={(v) => go({ app: v })} />
        <p className="ml-auto text-sm text-slate-500" aria-live="polite">
          {pending ? "Updating…" : ""}
        </p>
      </div>
    </div>
  );
}

function RangePicker({ range, now, onChange }: { range: { from: string; to: string }; now: number; onChange: (r: { from: string; to: string }) => void }) {
  const [draft, setDraft] = useState(range);
  const [error, setError] = useState<string>();
  const presets = presetRanges(now);

  function apply(e: React.FormEvent) {
    e.preventDefault();
    if (!draft.from || !draft.to) return setError("Choose both days.");
    if (draft.from > draft.to) return setError("The start date is after the end date.");
    setError(undefined);
    onChange(draft);
  }

  return (
    <form onSubmit={apply} noValidate aria-label="Date range" className="flex flex-wrap items-end gap-3">
      <DateField id="sales-from" label="From" value={draft.from} onChange={(from) => setDraft((d) => ({ ...d, from }))} invalid={!!error} />
      <DateField id="sales-to" label="To" value={draft.to} onChange={(to) => setDraft((d) => ({ ...d, to }))} invalid={!!error} />
      <Button type="submit" variant="secondary">
        Show
      </Button>
      <div role="group" aria-label="Preset ranges" className="flex flex-wrap gap-1.5">
        {presets.map((p) => {
          const on = p.from === range.from && p.to === range.to;
          return (
            <button
              key={p.label}
              type="button"
              aria-pressed={on}
              onClick={() => {
                setError(undefined);
                setDraft({ from: p.from, to: p.to });
                onChange({ from: p.from, to: p.to });
              }}
              className={cx("rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset", on ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50")}
            >
              {p.label}
            </button>
          );
        })}
      </div>
      {error && (
        <p id="sales-range-error" role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

function DateField({ id, label, value, onChange, invalid }: { id: string; label: string; value: string; onChange: (v: string) => void; invalid: boolean }) {
  return (
    <div className="w-40">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input
        id={id}
        type="date"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? "sales-range-error" : undefined}
        className={cx(inputClass, "py-1.5")}
      />
    </div>
  );
}

function Select({ id, label, value, all, options, onChange }: { id: string; label: string; value: string; all: string; options: Choice[]; onChange: (v: string | null) => void }) {
  // A value from a shared link that is not among the choices still shows as chosen.
  const shown = value && !options.some((o) => o.value === value) ? [{ value, label: value }, ...options] : options;
  return (
    <div className="w-56">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value || null)} className={cx(inputClass, "py-1.5")}>
        <option value="">{all}</option>
        {shown.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
