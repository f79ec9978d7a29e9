"use client";

import Link from "next/link";
import { useState } from "react";
import { callApi } from "@/app/_components/api";
import { Button, cx, inputClass } from "@/app/_components/ui";

type Outcome = { ok: true; existing: boolean } | { ok: false; message: string };

/** Asks for a sales fetch of a range of days for one connection; the worker fetches the days not stored yet. */
export function BackfillForm({ orgId, slug, connection, range }: { orgId: string; slug: string; connection: { id: string; name: string }; range: { from: string; to: string } }) {
  const [days, setDays] = useState(range);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const id = `backfill-${connection.id}`;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    const res = await callApi<{ runId: string; existing: boolean }>("POST", `/api/orgs/${orgId}/connections/${connection.id}/sync`, { kind: "SALES", from: days.from, to: days.to });
    setBusy(false);
    setOutcome(res.ok ? { ok: true, existing: res.data.existing } : { ok: false, message: res.error.message });
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`Backfill ${connection.name}`} className="flex flex-wrap items-end gap-3 border-t border-slate-100 pt-3">
      {(["from", "to"] as const).map((k) => (
        <div key={k} className="w-40">
          <label htmlFor={`${id}-${k}`} className="mb-1 block text-xs font-medium text-slate-600">
            {k === "from" ? "Backfill from" : "Backfill to"}
          </label>
          <input id={`${id}-${k}`} type="date" required value={days[k]} onChange={(e) => setDays((d) => ({ ...d, [k]: e.target.value }))} className={cx(inputClass, "py-1.5")} />
        </div>
      ))}
      <Button type="submit" variant="secondary" disabled={busy}>
        {busy ? "Queuing…" : "Backfill"}
      </Button>
      {outcome?.ok && (
        <p role="status" className="text-sm text-green-700">
          {outcome.existing ? "Queued already: a sales fetch of this connection is under way." : "Queued."}{" "}
          <Link href={`/o/${slug}/connections/${connection.id}/sync`} className="font-medium underline">
            Follow it on the Sync page
          </Link>
        </p>
      )}
      {outcome && !outcome.ok && (
        <p role="alert" className="text-sm text-red-700">
          {outcome.message}
        </p>
      )}
    </form>
  );
}
