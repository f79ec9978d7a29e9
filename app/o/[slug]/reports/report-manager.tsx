"use client";

import Link from "next/link";
import { useState } from "react";
import { callApi, type ApiError } from "@/app/_components/api";
import { Button, Card, describedBy, EmptyState, Field, FormError, inputClass } from "@/app/_components/ui";
import type { TClientReport } from "@/lib/reports/schedules";

type Connection = { id: string; name: string };
type Cadence = TClientReport["cadence"];
type Errors = { connectionId?: string; cadence?: string; recipients?: string; form?: string };

const CADENCE_WORDS: Record<Cadence, string> = { WEEKLY: "Weekly", MONTHLY: "Monthly" };
const order = (a: TClientReport, b: TClientReport) => a.connectionName.localeCompare(b.connectionName) || (a.cadence === b.cadence ? 0 : a.cadence === "WEEKLY" ? -1 : 1);
/** Addresses as typed: one per line or separated by commas, semicolons or spaces. */
const addresses = (text: string) => text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);

function errorsOf(e: ApiError): Errors {
  const fields = { ...(e.field ? { [e.field]: e.message } : {}), ...e.fields };
  const key = (f: string) => Object.entries(fields).find(([k]) => k === f || k.startsWith(`${f}.`))?.[1];
  const out: Errors = { connectionId: key("connectionId"), cadence: key("cadence"), recipients: key("recipients") };
  if (!out.connectionId && !out.cadence && !out.recipients) out.form = e.message;
  return out;
}

function lastSendWords(r: TClientReport) {
  const s = r.lastSend;
  if (!s) return "Not sent yet";
  if (s.status === "SENT") return `Sent ${s.period}${s.sentAt ? ` on ${s.sentAt.slice(0, 10)}` : ""}`;
  if (s.status === "FAILED") return `${s.period} failed: ${s.error ?? "unknown reason"}`;
  return `Sending ${s.period}…`;
}

export function ReportManager({ orgId, slug, initial, connections, canManage }: { orgId: string; slug: string; initial: TClientReport[]; connections: Connection[]; canManage: boolean }) {
  const [reports, setReports] = useState(initial);
  const [form, setForm] = useState({ connectionId: connections[0]?.id ?? "", cadence: "WEEKLY" as Cadence, recipients: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [editing, setEditing] = useState<{ id: string; recipients: string; error?: string } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const api = `/api/orgs/${orgId}/reports`;

  const put = (r: TClientReport) => setReports((all) => [...all.filter((x) => x.id !== r.id), r].sort(order));

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(undefined);
    const res = await callApi<{ report: TClientReport }>("POST", api, { connectionId: form.connectionId, cadence: form.cadence, recipients: addresses(form.recipients) });
    setBusy(false);
    if (!res.ok) return setErrors(errorsOf(res.error));
    put(res.data.report);
    setNotice(`Scheduled a ${form.cadence.toLowerCase()} report for ${res.data.report.connectionName}.`);
    setForm((f) => ({ ...f, recipients: "" }));
  }

  async function update(r: TClientReport, body: { enabled?: boolean; recipients?: string[] }) {
    setBusy(true);
    setNotice(undefined);
    const res = await callApi<{ report: TClientReport }>("PATCH", `${api}/${r.id}`, body);
    setBusy(false);
    if (!res.ok) {
      if (editing?.id === r.id) setEditing({ ...editing, error: res.error.message });
      else setErrors({ form: res.error.message });
      return;
    }
    put(res.data.report);
    setEditing(null);
    setNotice(body.enabled === undefined ? `Saved the recipients of ${r.connectionName}'s ${r.cadence.toLowerCase()} report.` : `${body.enabled ? "Turned on" : "Turned off"} ${r.connectionName}'s ${r.cadence.toLowerCase()} report.`);
  }

  async function remove(r: TClientReport) {
    setBusy(true);
    setNotice(undefined);
    const res = await callApi("DELETE", `${api}/${r.id}`);
    setBusy(false);
    setDeleting(null);
    if (!res.ok) return setErrors({ form: res.error.message });
    setReports((all) => all.filter((x) => x.id !== r.id));
    setNotice(`Deleted ${r.connectionName}'s ${r.cadence.toLowerCase()} report.`);
  }

  const byConnection = connections.map((c) => ({ ...c, reports: reports.filter((r) => r.connectionId === c.id) }));

  const list =
    reports.length === 0 ? (
      <EmptyState title="No client reports yet">{canManage ? "Schedule a weekly or monthly report for a connection with the form on this page." : "Owners and admins can schedule reports here."}</EmptyState>
    ) : (
      <ul aria-label="Connections" className="space-y-4">
        {byConnection
          .filter((c) => c.reports.length)
          .map((c) => (
            <li key={c.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <h2 className="font-semibold text-slate-900">{c.name}</h2>
              <ul aria-label={`Reports of ${c.name}`} className="mt-2 divide-y divide-slate-100">
                {c.reports.map((r) => {
                  const label = `${CADENCE_WORDS[r.cadence].toLowerCase()} report of ${c.name}`;
                  return (
                    <li key={r.id} aria-label={`The ${label}`} className="py-3">
                      <div className="flex flex-wrap items-start justify-between gap-3">
                        <div className="min-w-0">
                          <p className="text-sm font-medium text-slate-900">
                            {CADENCE_WORDS[r.cadence]} <span className={r.enabled ? "text-emerald-700" : "text-slate-500"}>· {r.enabled ? "On" : "Off"}</span>
                          </p>
                          <p className="truncate text-sm text-slate-600">To {r.recipients.join(", ")}</p>
                          <p className="text-xs text-slate-500">{lastSendWords(r)}</p>
                        </div>
                        <div className="flex flex-wrap items-center gap-2">
                          <Link href={`/o/${slug}/reports/${r.id}`} className="rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:underline" aria-label={`Preview the ${label}`}>
                            Preview
                          </Link>
                          {canManage && (
                            <>
                              <Button type="button" variant="ghost" className="px-2 py-1" disabled={busy} onClick={() => void update(r, { enabled: !r.enabled })}>
                                {r.enabled ? "Turn off" : "Turn on"}
                              </Button>
                              <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setEditing({ id: r.id, recipients: r.recipients.join(", ") })}>
                                Recipients
                              </Button>
                              {deleting === r.id ? (
                                <>
                                  <Button type="button" variant="danger" className="px-2 py-1" disabled={busy} onClick={() => void remove(r)}>
                                    Yes, delete
                                  </Button>
                                  <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setDeleting(null)}>
                                    Keep
                                  </Button>
                                </>
                              ) : (
                                <Button type="button" variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Delete the ${label}`} onClick={() => setDeleting(r.id)}>
                                  Delete
                                </Button>
                              )}
                            </>
                          )}
                        </div>
                      </div>
                      {editing?.id === r.id && (
                        <form
                          className="mt-3 flex flex-wrap items-end gap-2"
                          onSubmit={(e) => {
                            e.preventDefault();
                            void update(r, { recipients: addresses(editing.recipients) });
                          }}
                        >
                          <div className="min-w-64 flex-1">
                            <Field id={`recipients-${r.id}`} label="Recipients" error={editing.error}>
                              <input id={`recipients-${r.id}`} value={editing.recipients} onChange={(e) => setEditing({ ...editing, recipients: e.target.value })} className={inputClass} {...describedBy(`recipients-${r.id}`, editing.error)} />
                            </Field>
                          </div>
                          <Button type="submit" disabled={busy}>
                            Save
                          </Button>
                          <Button type="button" variant="secondary" onClick={() => setEditing(null)}>
                            Cancel
                          </Button>
                        </form>
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
      </ul>
    );

  if (!canManage) return list;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <div className="space-y-3">
        {notice && (
          <p role="status" className="text-sm text-emerald-700">
            {notice}
          </p>
        )}
        {list}
      </div>
      <Card title="New report">
        <form onSubmit={create} className="space-y-4" noValidate>
          <FormError message={errors.form} />
          <Field id="report-connection" label="Connection" error={errors.connectionId}>
            <select id="report-connection" value={form.connectionId} onChange={(e) => setForm((f) => ({ ...f, connectionId: e.target.value }))} className={inputClass} {...describedBy("report-connection", errors.connectionId)}>
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="report-cadence" label="Every" error={errors.cadence}>
            <select id="report-cadence" value={form.cadence} onChange={(e) => setForm((f) => ({ ...f, cadence: e.target.value as Cadence }))} className={inputClass} {...describedBy("report-cadence", errors.cadence)}>
              <option value="WEEKLY">Week (Monday to Sunday, sent Monday)</option>
              <option value="MONTHLY">Month (sent on the 1st)</option>
            </select>
          </Field>
          <Field id="report-recipients" label="Recipients" error={errors.recipients} hint="Email addresses, separated by commas or one per line.">
            <textarea id="report-recipients" rows={3} value={form.recipients} onChange={(e) => setForm((f) => ({ ...f, recipients: e.target.value }))} className={inputClass} {...describedBy("report-recipients", errors.recipients, true)} />
          </Field>
          <Button type="submit" disabled={busy || !form.connectionId}>
            {busy ? "Saving…" : "Schedule report"}
          </Button>
        </form>
      </Card>
    </div>
  );
}
