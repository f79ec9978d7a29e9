"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api";
import { Button, cx, FormError } from "@/app/_components/ui";
import type { CapabilityReport } from "@/lib/connections/capabilities";
import { CapabilityReportView } from "./capability-report";

export type ConnectionRow = {
  id: string;
  name: string;
  status: "UNTESTED" | "WORKING" | "FAILING" | "REVOKED";
  fingerprint: string;
  keyKind: "TEAM" | "INDIVIDUAL";
  issuerId?: string | null;
  keyId?: string;
  statusReason?: string | null;
  testedAt?: string | null;
  lastUsedAt?: string | null;
  createdBy?: string | null;
  capabilities?: CapabilityReport | null;
};

export const CONNECTION_STATUS: Record<ConnectionRow["status"], { label: string; className: string }> = {
  UNTESTED: { label: "Untested", className: "bg-slate-100 text-slate-700" },
  WORKING: { label: "Working", className: "bg-green-100 text-green-800" },
  FAILING: { label: "Failing", className: "bg-red-100 text-red-800" },
  REVOKED: { label: "Revoked", className: "bg-amber-100 text-amber-900" },
};

const when = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export const KEY_KIND_LABEL: Record<ConnectionRow["keyKind"], string> = { TEAM: "Team key", INDIVIDUAL: "Individual key" };

export function ConnectionList({ orgId, slug, rows, manage }: { orgId: string; slug: string; rows: ConnectionRow[]; manage: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [results, setResults] = useState<Record<string, string>>({});

  async function test(id: string) {
    setBusy(id);
    setError(undefined);
    const res = await callApi<{ result: { message: string } }>("POST", `/api/orgs/${orgId}/connections/${id}/test`);
    setBusy(undefined);
    if (!res.ok) return setError(res.error.message);
    setResults((r) => ({ ...r, [id]: res.data.result.message }));
    router.refresh();
  }

  async function remove(row: ConnectionRow) {
    if (!window.confirm(`Delete ${row.name}? Its encrypted key is destroyed; synced data of this connection goes with it.`)) return;
    setBusy(row.id);
    const res = await callApi("DELETE", `/api/orgs/${orgId}/connections/${row.id}`);
    setBusy(undefined);
    if (!res.ok) return setError(res.error.message);
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <FormError message={error} />
      <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        {rows.map((r) => (
          <li key={r.id} id={`connection-${r.id}`} className="flex scroll-mt-20 flex-wrap items-start justify-between gap-4 p-4" data-testid={`connection-${r.name}`}>
            <div className="min-w-0 space-y-1">
              <div className="flex items-center gap-2">
                <span className="font-medium text-slate-900">{r.name}</span>
                <span className={cx("rounded-full px-2 py-0.5 text-xs font-medium", CONNECTION_STATUS[r.status].className)}>{CONNECTION_STATUS[r.status].label}</span>
                <span className="rounded-full bg-slate-50 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-200">{KEY_KIND_LABEL[r.keyKind]}</span>
              </div>
              <p className="font-mono text-xs text-slate-500" title="Fingerprint of the key's public half">{r.fingerprint}</p>
              {r.keyId && (
                <p className="text-xs text-slate-600">
                  Key ID <span className="font-mono">{r.keyId}</span>
                  {r.keyKind === "TEAM" && r.issuerId && (
                    <>
                      {" "}· Issuer <span className="font-mono">{r.issuerId}</span>
                    </>
                  )}{" "}
                  · added by {r.createdBy ?? "a former member"} · last used {when(r.lastUsedAt)}
                </p>
              )}
              {r.statusReason && <p className="text-sm text-red-700">{r.statusReason}</p>}
              {results[r.id] && <p role="status" className="text-sm text-slate-700">{results[r.id]}</p>}
              <CapabilityReportView name={r.name} report={r.capabilities} />
            </div>
            <div className="flex flex-wrap gap-2">
              <Link
                href={`/o/${slug}/connections/${r.id}/sync`}
                className="inline-flex items-center rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50"
              >
                Sync<span className="sr-only"> {r.name}</span>
              </Link>
              {manage && (
                <>
                  <Button variant="secondary" disabled={busy === r.id} onClick={() => void test(r.id)}>
                    {busy === r.id ? "Testing…" : "Test connection"}
                  </Button>
                  <Button variant="ghost" disabled={busy === r.id} onClick={() => void remove(r)}>Delete</Button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
