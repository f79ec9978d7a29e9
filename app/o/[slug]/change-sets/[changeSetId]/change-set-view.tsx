"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FIELDS, type FieldName } from "@/lib/metadata/fields";
import { callApi } from "@/app/_components/api";
import { Button, Card, FormError } from "@/app/_components/ui";
import { Diff } from "../../apps/[appId]/review-push";

type Item = { draftId: string; locale: string; field: string; before: string | null; after: string };
type Report = { pushed: { draftId: string }[]; conflicts: { draftId: string; locale: string; field: string }[]; failed: { draftId: string; locale: string; field: string; message: string }[] };
type ChangeSet = {
  id: string; status: "PENDING" | "APPROVED" | "REJECTED" | "PUSHED" | "WITHDRAWN"; note: string | null; app: { id: string; name: string }; connection: { id: string; name: string };
  items: Item[]; digest: string; submittedBy: string | null; decidedBy: string | null; decisionComment: string | null; decidedAt: string | null; scheduledFor: string | null; pushedAt: string | null; pushReport: Report | null;
};

const label = (field: string) => FIELDS[field as FieldName]?.label ?? field;
const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function ChangeSetView({ orgId, slug, initial, canApprove, canSubmit, canSeeApp }: { orgId: string; slug: string; initial: ChangeSet; canApprove: boolean; canSubmit: boolean; canSeeApp: boolean }) {
  const router = useRouter();
  const [set, setSet] = useState(initial);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const api = `/api/orgs/${orgId}/change-sets/${set.id}`;

  async function act(path: string, body: unknown, done: (s: ChangeSet, r?: Report) => string) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    const res = await callApi<{ changeSet: ChangeSet; report?: Report }>("POST", `${api}/${path}`, body);
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setSet(res.data.changeSet);
    setNotice(done(res.data.changeSet, res.data.report));
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <FormError message={error} />
      {notice && <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200">{notice}</p>}
      {set.note && (
        <Card title="Note from the submitter">
          <p className="whitespace-pre-wrap text-sm text-slate-800">{set.note}</p>
        </Card>
      )}
      {set.decidedAt && (
        <p className="text-sm text-slate-700">
          {set.status === "REJECTED" ? "Rejected" : "Approved"} by {set.decidedBy ?? "someone who left"} on {when(set.decidedAt)}
          {set.decisionComment && <>: “{set.decisionComment}”</>}
        </p>
      )}
      {set.scheduledFor && set.status !== "PUSHED" && <p className="text-sm text-slate-700">Pushed by itself at {when(set.scheduledFor)} once approved.</p>}
      {set.pushedAt && (
        <p className="text-sm text-slate-700">
          Pushed on {when(set.pushedAt)}
          {set.pushReport && `: ${set.pushReport.pushed.length} sent, ${set.pushReport.conflicts.length} in conflict, ${set.pushReport.failed.length} refused by App Store Connect`}.
        </p>
      )}

      <section aria-label="Changes" className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="text-base font-semibold text-slate-900">
          {set.items.length} {set.items.length === 1 ? "change" : "changes"}
          {canSeeApp && (
            <Link href={`/o/${slug}/apps/${set.app.id}`} className="ml-3 text-sm font-normal text-brand-700 hover:underline">Open {set.app.name}</Link>
          )}
        </h2>
        <ol className="space-y-4">
          {set.items.map((i) => (
            <li key={i.draftId} aria-label={`${i.locale} · ${label(i.field)}`} className="space-y-2 border-b border-slate-100 pb-4">
              <p className="text-sm font-medium text-slate-900"><span className="font-mono">{i.locale}</span> · {label(i.field)}</p>
              <Diff before={i.before ?? ""} after={i.after} />
            </li>
          ))}
        </ol>
      </section>

      {set.status === "PENDING" && canApprove && (
        <Card title="Your decision" description="Approving lets the editors push exactly these values. If a draft changes afterwards, the set comes back here.">
          <div className="space-y-3">
            <label htmlFor="decision-comment" className="block text-sm font-medium text-slate-700">Comment (needed to reject)</label>
            <textarea id="decision-comment" rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500" />
            <div className="flex gap-2">
              <Button type="button" disabled={busy} onClick={() => void act("decision", { decision: "approve", digest: set.digest, ...(comment.trim() ? { comment } : {}) }, () => "Approved. Editors can push it now.")}>Approve</Button>
              <Button type="button" variant="danger" disabled={busy} onClick={() => void act("decision", { decision: "reject", digest: set.digest, comment }, () => "Rejected. The drafts are back with the editors.")}>Reject</Button>
            </div>
          </div>
        </Card>
      )}
      {set.status === "PENDING" && !canApprove && <p className="text-sm text-slate-600">Waiting for an approver (owners, admins and the connection&apos;s client approvers).</p>}
      {canSubmit && (set.status === "APPROVED" || set.status === "PENDING") && (
        <div className="flex flex-wrap gap-2">
          {set.status === "APPROVED" && (
            <Button type="button" disabled={busy} onClick={() => void act("push", undefined, (_s, r) => (r ? `Pushed: ${r.pushed.length} sent, ${r.conflicts.length} in conflict, ${r.failed.length} refused.` : "Pushed."))}>
              Push to App Store Connect
            </Button>
          )}
          <Button type="button" variant="secondary" disabled={busy} onClick={() => void act("withdraw", undefined, () => "Withdrawn. The drafts stay drafts.")}>Withdraw</Button>
        </div>
      )}
    </div>
  );
}
