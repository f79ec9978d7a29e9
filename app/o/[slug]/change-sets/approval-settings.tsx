"use client";

import { useState } from "react";
import { callApi } from "@/app/_components/api";
import { Button, FormError } from "@/app/_components/ui";

type Settings = { requireApproval: boolean; connections: { id: string; name: string; requireApproval: boolean }[] };

export function ApprovalSettingsForm({ orgId, initial, canChangeOrg }: { orgId: string; initial: Settings; canChangeOrg: boolean }) {
  const [s, setS] = useState(initial);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    const res = await callApi<{ settings: Settings }>("PUT", `/api/orgs/${orgId}/approval-settings`, {
      ...(canChangeOrg ? { requireApproval: s.requireApproval } : {}),
      connections: s.connections.map((c) => ({ id: c.id, requireApproval: c.requireApproval })),
    });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setS(res.data.settings);
    setNotice("Saved.");
  }

  return (
    <form onSubmit={save} className="space-y-3" aria-label="Approval settings">
      <FormError message={error} />
      {canChangeOrg && (
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" checked={s.requireApproval} onChange={(e) => setS({ ...s, requireApproval: e.target.checked })} />
          Every connection
        </label>
      )}
      <fieldset className="space-y-1" disabled={s.requireApproval}>
        <legend className="text-sm text-slate-600">{s.requireApproval ? "Every connection needs approval." : "Or only these connections:"}</legend>
        {s.connections.map((c, i) => (
          <label key={c.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={s.requireApproval || c.requireApproval}
              onChange={(e) => setS({ ...s, connections: s.connections.map((x, j) => (j === i ? { ...x, requireApproval: e.target.checked } : x)) })}
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={busy}>{busy ? "Saving…" : "Save approval settings"}</Button>
        {notice && <p role="status" className="text-sm text-emerald-700">{notice}</p>}
      </div>
    </form>
  );
}
