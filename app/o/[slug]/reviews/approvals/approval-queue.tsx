"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api";
import { Button, cx, EmptyState, inputClass } from "@/app/_components/ui";
import { charCount, REPLY_LIMIT } from "@/lib/reviews/limits";
import { REPLY_EXISTS_AT_APPLE, type TFoundReply } from "@/lib/reviews/reply-at-apple";
import { day, type TInboxReview } from "../filters";
import { FoundReply } from "../found-reply";
import { Stars } from "../parts";

type Pending = NonNullable<TInboxReview["pendingReply"]> & { review: TInboxReview };

/** The queue: one card per reply waiting, oldest first; a decided one leaves the list. */
export function ApprovalQueue({ orgId, initial }: { orgId: string; initial: Pending[] }) {
  const router = useRouter();
  const [decided, setDecided] = useState<Record<string, string>>({});
  const waiting = initial.filter((p) => !(p.id in decided));
  const done = Object.values(decided);
  return (
    <div className="space-y-4">
      {done.length > 0 && (
        <ul role="status" className="space-y-1 text-sm text-emerald-700">
          {done.map((words, i) => (
            <li key={i}>{words}</li>
          ))}
        </ul>
      )}
      {waiting.length === 0 ? (
        <EmptyState title="No replies awaiting approval">Replies of members whose replies need approval appear here until an owner or admin decides.</EmptyState>
      ) : (
        waiting.map((p) => (
          <PendingCard
            key={p.id}
            orgId={orgId}
            pending={p}
            onDecided={(words) => {
              setDecided((d) => ({ ...d, [p.id]: words }));
              router.refresh();
            }}
          />
        ))
      )}
    </div>
  );
}

function PendingCard({ orgId, pending, onDecided }: { orgId: string; pending: Pending; onDecided: (words: string) => void }) {
  const { review } = pending;
  const [text, setText] = useState(pending.body);
  const [comment, setComment] = useState("");
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [found, setFound] = useState<TFoundReply | null>(null);
  const [notice, setNotice] = useState<string>();
  const n = charCount(text);
  const over = n > REPLY_LIMIT;
  const url = `/api/orgs/${orgId}/reply-approvals/${pending.id}`;
  const idp = `pending-${pending.id}`;
  const edited = text.trim() !== pending.body;

  async function approve(replace?: TFoundReply) {
    setBusy(true);
    setError(undefined);
    const res = await callApi<{ review: TInboxReview }>("POST", `${url}/approve`, {
      ...(edited ? { body: text } : {}),
      ...(replace ? { replace: { responseId: replace.id, responseBody: replace.body } } : {}),
    });
    setBusy(false);
    if (!res.ok) {
      const reply = (res.error as { found?: TFoundReply }).found;
      if (res.error.code === REPLY_EXISTS_AT_APPLE && reply) setFound(reply);
      else setError(res.error.message);
      return;
    }
    onDecided(`Approved ${edited ? "and edited " : ""}the reply to "${review.title || "(no title)"}": sent to App Store Connect.`);
  }

  /** "Keep theirs": our copy becomes the reply found at App Store Connect; the proposed reply still waits. */
  async function keepTheirs() {
    setBusy(true);
    setError(undefined);
    const res = await callApi("POST", `/api/orgs/${orgId}/reviews/${review.id}/response/keep`);
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setFound(null);
    setNotice("Kept the reply from App Store Connect. The proposed reply still waits: reject it, or approve it to replace that reply.");
  }

  async function reject() {
    setBusy(true);
    setError(undefined);
    const res = await callApi("POST", `${url}/reject`, { comment });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    onDecided(`Rejected the reply to "${review.title || "(no title)"}". Its author sees your reason.`);
  }

  return (
    <section aria-labelledby={`${idp}-title`} className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="pending-reply-card">
      <header className="space-y-1">
        <Stars rating={review.rating} />
        <h2 id={`${idp}-title`} className="font-semibold text-slate-900">
          {review.title || "(no title)"}
        </h2>
        <p className="text-xs text-slate-500">
          {review.reviewerNickname ?? "Anonymous"} · {review.territory ?? "—"} · <time dateTime={review.createdDate}>{day(review.createdDate)}</time> · {review.app.name} ({review.connection.name})
        </p>
      </header>
      <p className="whitespace-pre-wrap text-sm leading-relaxed text-slate-800">{review.body || "The reviewer wrote no text."}</p>
      {review.response && (
        <div className="rounded-md border-l-4 border-brand-500 bg-slate-50 p-3">
          <p className="text-xs font-medium text-slate-600">Current reply (approving replaces it)</p>
          <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800">{review.response.body}</p>
        </div>
      )}
      <div>
        <div className="flex items-baseline justify-between gap-3">
          <label htmlFor={`${idp}-text`} className="text-sm font-medium text-slate-700">
            Proposed reply by {pending.author}
          </label>
          <span id={`${idp}-count`} className={cx("text-xs tabular-nums", over ? "font-semibold text-red-700" : "text-slate-500")}>
            {n.toLocaleString("en-US")}/{REPLY_LIMIT.toLocaleString("en-US")}
          </span>
        </div>
        <textarea
          id={`${idp}-text`}
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={over || undefined}
          aria-describedby={`${idp}-count`}
          className={cx(inputClass, "mt-1 resize-y leading-relaxed")}
        />
        <p className="mt-1 text-xs text-slate-500">
          Submitted <time dateTime={pending.submittedAt}>{day(pending.submittedAt)}</time>. Edit it before approving to send your version.
        </p>
      </div>
      {found && <FoundReply found={found} busy={busy} canReplace={!over && text.trim().length > 0} onKeep={() => void keepTheirs()} onReplace={() => void approve(found)} />}
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {error}
        </p>
      )}
      {notice && !error && (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      )}
      {rejecting ? (
        <div className="space-y-2">
          <label htmlFor={`${idp}-comment`} className="block text-sm font-medium text-slate-700">
            Why is it rejected? Its author sees this.
          </label>
          <textarea id={`${idp}-comment`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} className={inputClass} />
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="danger" disabled={busy || !comment.trim()} onClick={() => void reject()}>
              Reject reply
            </Button>
            <Button type="button" variant="ghost" disabled={busy} onClick={() => setRejecting(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button type="button" disabled={busy || over || !text.trim()} onClick={() => void approve()}>
            {busy ? "Sending…" : edited ? "Approve edited reply" : "Approve"}
          </Button>
          <Button type="button" variant="secondary" disabled={busy} onClick={() => setRejecting(true)}>
            Reject…
          </Button>
        </div>
      )}
    </section>
  );
}
