"use client";

import { useEffect, useRef, useState } from "react";
import { wordDiff } from "@/lib/metadata/diff";
import { FIELDS, valueProblems, type FieldName } from "@/lib/metadata/fields";
import { callApi } from "@/app/_components/api";
import { Button } from "@/app/_components/ui";
import type { PushReport, TGrid } from "./format";

export type PendingDraft = { draftId: string; locale: string; field: FieldName; live: string; value: string; updatedBy: string | null };

/** Every draft of the grid (app information and the selected version), in grid order. */
export function pendingDrafts(grid: TGrid): PendingDraft[] {
  return grid.rows.flatMap((r) =>
    Object.entries(r.cells).flatMap(([field, c]) => (c?.draft ? [{ draftId: c.draft.id, locale: r.locale, field: field as FieldName, live: c.live ?? "", value: c.draft.value, updatedBy: c.draft.updatedBy }] : [])),
  );
}

/** Live value and draft side by side, removed words struck through on the left, added ones marked on the right. */
export function Diff({ before, after }: { before: string; after: string }) {
  const parts = wordDiff(before, after);
  const box = "max-h-48 overflow-y-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-2 text-sm ring-1 ring-slate-200";
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      <div>
        <p className="text-xs font-medium text-slate-500">App Store Connect now</p>
        <p className={box} data-testid="diff-before">
          {before === "" && <span className="text-slate-400">Empty</span>}
          {parts.filter((p) => p.kind !== "added").map((p, i) => (p.kind === "removed" ? <del key={i} className="bg-red-100 text-red-900">{p.text}</del> : <span key={i}>{p.text}</span>))}
        </p>
      </div>
      <div>
        <p className="text-xs font-medium text-slate-500">Your draft</p>
        <p className={box} data-testid="diff-after">
          {after === "" && <span className="text-slate-400">Empty</span>}
          {parts.filter((p) => p.kind !== "removed").map((p, i) => (p.kind === "added" ? <ins key={i} className="bg-emerald-100 text-emerald-900 no-underline">{p.text}</ins> : <span key={i}>{p.text}</span>))}
        </p>
      </div>
    </div>
  );
}

/**
 * The review before a push: each draft against what App Store Connect holds, then Push.
 * When the server refuses (a value over a limit, a bad address, a field that became
 * read-only), nothing was sent and each field's problem is listed.
 */
export function ReviewPush({ open, drafts, otherDrafts, pushUrl, onPushed, onClose, submitUrl, onSubmitted }: {
  open: boolean;
  drafts: PendingDraft[];
  otherDrafts: number;
  pushUrl: string;
  onPushed: (report: PushReport) => void;
  onClose: () => void;
  /** Where approval is on: the drafts are submitted here as a change set instead of pushed. */
  submitUrl?: string;
  onSubmitted?: (changeSetId: string) => void;
}) {
  const [note, setNote] = useState("");
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [refused, setRefused] = useState<Record<string, string>>({});
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  async function push() {
    setBusy(true);
    setError(undefined);
    setRefused({});
    const res = await callApi<PushReport>("POST", pushUrl, { draftIds: drafts.map((d) => d.draftId) });
    setBusy(false);
    if (res.ok) return onPushed(res.data);
    setError(res.error.message);
    setRefused(res.error.fields ?? {});
  }

  async function submit() {
    setBusy(true);
    setError(undefined);
    const res = await callApi<{ changeSet: { id: string } }>("POST", submitUrl!, { draftIds: drafts.map((d) => d.draftId), ...(note.trim() ? { note } : {}) });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setNote("");
    onSubmitted?.(res.data.changeSet.id);
  }

  const label = (key: string) => {
    const dot = key.lastIndexOf(".");
    const field = key.slice(dot + 1) as FieldName;
    return `${key.slice(0, dot)} · ${FIELDS[field]?.label ?? field}`;
  };
  const n = drafts.length;
  return (
    <dialog
      ref={ref}
      onClose={() => {
        setError(undefined);
        setRefused({});
        onClose();
      }}
      aria-labelledby="review-title" className="m-auto w-full max-w-4xl rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/40">
      {open && (
        <div className="space-y-4 p-5">
          <div>
            <h2 id="review-title" className="text-base font-semibold text-slate-900">{submitUrl ? "Review changes before submitting them for approval" : "Review changes before pushing"}</h2>
            {submitUrl && <p className="mt-1 text-sm font-medium text-amber-800">This connection&apos;s metadata needs approval: the changes go to an approver, and are pushed once approved.</p>}
            <p className="mt-1 text-sm text-slate-600">
              {n === 0 ? "There are no drafts to push here." : `${n} ${n === 1 ? "change goes" : "changes go"} to App Store Connect.`} Each field is compared with App Store Connect&apos;s current value
              first: one that changed there since you started editing is not sent, and you choose which value to keep.
            </p>
            {otherDrafts > 0 && <p className="mt-1 text-sm text-slate-600">{otherDrafts} more {otherDrafts === 1 ? "draft belongs" : "drafts belong"} to other versions; switch version to review and push {otherDrafts === 1 ? "it" : "them"}.</p>}
          </div>
          {error && (
            <div role="alert" className="space-y-1 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 ring-1 ring-red-200">
              <p className="font-medium">{error}</p>
              {Object.keys(refused).length > 0 && (
                <ul className="list-disc pl-5">
                  {Object.entries(refused).map(([k, m]) => <li key={k}><span className="font-medium">{label(k)}:</span> {m}</li>)}
                </ul>
              )}
            </div>
          )}
          <ol className="max-h-[55vh] space-y-4 overflow-y-auto">
            {drafts.map((d) => {
              const problems = [...valueProblems(d.field, d.value), ...(refused[`${d.locale}.${d.field}`] ? [refused[`${d.locale}.${d.field}`]] : [])];
              return (
                <li key={d.draftId} aria-label={`${d.locale} · ${FIELDS[d.field].label}`} className="space-y-2 border-b border-slate-100 pb-4">
                  <p className="text-sm font-medium text-slate-900">
                    <span className="font-mono">{d.locale}</span> · {FIELDS[d.field].label}
                    {d.updatedBy && <span className="font-normal text-slate-500"> · draft by {d.updatedBy}</span>}
                  </p>
                  {problems.length > 0 && <p className="text-sm text-red-700">{[...new Set(problems)].join(" ")}</p>}
                  <Diff before={d.live} after={d.value} />
                </li>
              );
            })}
          </ol>
          {submitUrl && (
            <div className="space-y-1">
              <label htmlFor="change-set-note" className="block text-sm font-medium text-slate-700">Note for the approver</label>
              <textarea id="change-set-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500" />
            </div>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => ref.current?.close()}>Back to editing</Button>
            {submitUrl ? (
              <Button type="button" onClick={() => void submit()} disabled={busy || n === 0}>
                {busy ? "Submitting…" : `Submit ${n} ${n === 1 ? "change" : "changes"} for approval`}
              </Button>
            ) : (
              <Button type="button" onClick={() => void push()} disabled={busy || n === 0}>
                {busy ? "Pushing…" : `Push ${n} ${n === 1 ? "change" : "changes"}`}
              </Button>
            )}
          </div>
        </div>
      )}
    </dialog>
  );
}
