"use client";

import { useState } from "react";
import { ZSyncRequest, type TSyncRequest } from "@/lib/sync/schemas";
import { Button, describedBy, Field, inputClass } from "@/app/_components/ui";
import { KIND_HINT, KIND_LABEL } from "./format";

const NOW_KINDS = ["FULL", "METADATA", "REVIEWS", "REVIEWS_DEEP", "ANALYTICS"] as const;

/** The "Sync now" buttons, and a sales fetch with an optional range of days. */
export function SyncNow({ onRequest, busy, paused, hasVendorNumber }: { onRequest: (body: TSyncRequest) => Promise<void>; busy: boolean; paused: boolean; hasVendorNumber: boolean }) {
  const [range, setRange] = useState({ from: "", to: "" });
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  async function fetchSales(e: React.FormEvent) {
    e.preventDefault();
    const parsed = ZSyncRequest.safeParse({ kind: "SALES", from: range.from || undefined, to: range.to || undefined });
    if (!parsed.success) {
      const found: { from?: string; to?: string } = {};
      for (const i of parsed.error.issues) found[i.path[0] as "from" | "to"] ??= i.message;
      return setErrors(found);
    }
    setErrors({});
    await onRequest(parsed.data);
  }

  return (
    <div className="space-y-5">
      {paused && <p className="text-sm text-slate-600">Fix the key and test the connection before syncing again.</p>}
      <div role="group" aria-label="Sync now" className="flex flex-wrap gap-2">
        {NOW_KINDS.map((kind, i) => (
          <Button key={kind} variant={i === 0 ? "primary" : "secondary"} disabled={busy || paused} title={KIND_HINT[kind]} onClick={() => void onRequest({ kind })}>
            {KIND_LABEL[kind]}
          </Button>
        ))}
      </div>
      <form onSubmit={(e) => void fetchSales(e)} noValidate className="space-y-2 border-t border-slate-100 pt-4">
        <div className="flex flex-wrap items-end gap-3">
          <Field id="sales-from" label="Sales from (optional)" error={errors.from}>
            <input id="sales-from" type="date" className={inputClass} value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} {...describedBy("sales-from", errors.from)} />
          </Field>
          <Field id="sales-to" label="to (optional)" error={errors.to}>
            <input id="sales-to" type="date" className={inputClass} value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} {...describedBy("sales-to", errors.to)} />
          </Field>
          <Button type="submit" variant="secondary" disabled={busy || paused || !hasVendorNumber} aria-describedby="sales-now-hint">
            Fetch sales reports
          </Button>
        </div>
        <p id="sales-now-hint" className="text-xs text-slate-500">
          {hasVendorNumber
            ? "Without dates, the last 30 days that are missing are fetched. Apple keeps daily reports for a year."
            : "Sales reports need the connection's vendor number: set it in the settings below."}
        </p>
      </form>
    </div>
  );
}
