"use client";

import { useState } from "react";
import { Button, cx, inputClass } from "@/app/_components/ui";

export type Range = { from: string; to: string };
export type Choice = { value: string; label: string };

/**
 * A view's date range: two days and Show, checked before the view changes, with optional
 * preset ranges that apply at once. `idPrefix` names the fields ("sales" → #sales-from).
 */
export function RangeForm({ idPrefix, range, presets = [], onChange }: { idPrefix: string; range: Range; presets?: (Range & { label: string })[]; onChange: (r: Range) => void }) {
  const [draft, setDraft] = useState(range);
  const [error, setError] = useState<string>();
  const errorId = `${idPrefix}-range-error`;

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
          <label htmlFor={`${idPrefix}-${k}`} className="mb-1 block text-xs font-medium text-slate-600">
            {k === "from" ? "From" : "To"}
          </label>
          <input
            id={`${idPrefix}-${k}`}
            type="date"
            value={draft[k]}
            onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
            aria-invalid={!!error || undefined}
            aria-describedby={error ? errorId : undefined}
            className={cx(inputClass, "py-1.5")}
          />
        </div>
      ))}
      <Button type="submit" variant="secondary">
        Show
      </Button>
      {presets.length > 0 && (
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
      )}
      {error && (
        <p id={errorId} role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

/** A filter of a view: one of the choices, or `all` (no filter, written as null). */
export function FilterSelect({ id, label, value, all, options, className = "w-56", onChange }: { id: string; label: string; value: string; all: string; options: Choice[]; className?: string; onChange: (v: string | null) => void }) {
  // A value from a shared link that is not among the choices still shows as chosen.
  const shown = value && !options.some((o) => o.value === value) ? [{ value, label: value }, ...options] : options;
  return (
    <div className={className}>
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
