"use client";

import { FIELDS } from "@/lib/metadata/fields";
import { Button } from "@/app/_components/ui";
import type { PushReport } from "./format";

export type Choice = "mine" | "theirs";

const Value = ({ label, value }: { label: string; value: string | null }) => (
  <div>
    <dt className="text-xs font-medium text-slate-500">{label}</dt>
    <dd className="mt-0.5 max-h-40 overflow-y-auto whitespace-pre-wrap break-words rounded-md bg-white p-2 text-sm text-slate-800 ring-1 ring-slate-200">
      {value || <span className="text-slate-400">Empty</span>}
    </dd>
  </div>
);

/**
 * What the last push did: fields App Store Connect accepted, conflicts to settle (a value
 * that changed there since the draft was started), and fields it refused, with its reason.
 */
export function PushReportView({ report, resolved, busy, canEdit, onResolve, onDismiss }: {
  report: PushReport;
  resolved: Record<string, Choice>;
  busy: boolean;
  canEdit: boolean;
  onResolve: (draftId: string, choice: Choice) => void;
  onDismiss: () => void;
}) {
  const name = (x: { locale: string; field: keyof typeof FIELDS }) => `${x.locale} · ${FIELDS[x.field].label}`;
  const { pushed, conflicts, failed } = report;
  return (
    <section aria-labelledby="push-report-title" className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id="push-report-title" className="text-base font-semibold text-slate-900">Push report</h2>
          <p className="mt-1 text-sm text-slate-600">
            {pushed.length} pushed · {conflicts.length} {conflicts.length === 1 ? "conflict" : "conflicts"} · {failed.length} refused
          </p>
        </div>
        <Button type="button" variant="ghost" onClick={onDismiss}>Dismiss</Button>
      </div>

      {pushed.length > 0 && (
        <div>
          <h3 className="text-sm font-medium text-emerald-800">Now on App Store Connect</h3>
          <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
            {pushed.map((p) => <li key={p.draftId}><span className="font-mono">{p.locale}</span> · {FIELDS[p.field].label}</li>)}
          </ul>
        </div>
      )}

      {conflicts.length > 0 && (
        <div className="space-y-3">
          <h3 className="text-sm font-medium text-amber-900">Changed at App Store Connect since you started editing</h3>
          {conflicts.map((c) => (
            <div key={c.draftId} role="group" aria-label={`Conflict: ${name(c)}`} className="space-y-3 rounded-md bg-amber-50 p-3 ring-1 ring-amber-200">
              <p className="text-sm font-medium text-slate-900">{name(c)}</p>
              <dl className="grid gap-3 md:grid-cols-3">
                <Value label="App Store Connect now" value={c.liveValue} />
                <Value label="Your draft" value={c.draftValue} />
                <Value label="When you started" value={c.baseValue} />
              </dl>
              {resolved[c.draftId] ? (
                <p role="status" className="text-sm text-slate-700">
                  {resolved[c.draftId] === "mine" ? "Keeping your draft: push again to send it over App Store Connect's value." : "Took App Store Connect's value; your draft was discarded."}
                </p>
              ) : canEdit ? (
                <div className="flex flex-wrap gap-2">
                  <Button type="button" disabled={busy} onClick={() => onResolve(c.draftId, "mine")}>Keep mine</Button>
                  <Button type="button" variant="secondary" disabled={busy} onClick={() => onResolve(c.draftId, "theirs")}>Use App Store Connect&apos;s</Button>
                </div>
              ) : null}
            </div>
          ))}
        </div>
      )}

      {failed.length > 0 && (
        <div>
          <h3 className="text-sm font-medium text-red-800">Refused by App Store Connect (kept as drafts)</h3>
          <ul className="mt-1 space-y-1 text-sm text-slate-700">
            {failed.map((f) => (
              <li key={f.draftId}>
                <span className="font-medium">{name(f)}:</span> {f.message}
                {f.code && <span className="ml-1 font-mono text-xs text-slate-500">({f.code})</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
