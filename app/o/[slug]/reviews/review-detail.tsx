"use client";

import { useState, type RefObject } from "react";
import { callApi } from "@/app/_components/api";
import { cx, inputClass } from "@/app/_components/ui";
import { day, personName, type TAssignee, type TInboxReview, type TTemplateRow } from "./filters";
import { OutdatedBadge, ReplyBadge, Stars } from "./parts";
import { ReplyBox } from "./reply-box";

type Props = {
  review: TInboxReview;
  canReply: boolean;
  /** The member's replies wait for approval. */
  held: boolean;
  me: string;
  assignees: TAssignee[];
  templates: TTemplateRow[];
  templatesHref: string;
  apiBase: string;
  draft: string | null;
  onDraft: (text: string | null) => void;
  onChanged: (review: TInboxReview) => void;
  onFailed: () => void;
  onLeaveReply: () => void;
  onBack: () => void;
  replyRef: RefObject<HTMLTextAreaElement | null>;
};

/** One review in full, its reply, and for those who may reply: the reply box and who it is assigned to. */
export function ReviewDetail(p: Props) {
  const { review } = p;
  const url = `${p.apiBase}/${review.id}`;
  return (
    <section aria-label="Selected review" className="space-y-5 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <button type="button" onClick={p.onBack} className="text-sm font-medium text-brand-700 hover:underline lg:hidden">
        ← Back to reviews
      </button>
      <header className="space-y-1">
        <div className="flex items-center justify-between gap-3">
          <Stars rating={review.rating} className="text-lg" />
          <ReplyBadge review={review} />
        </div>
        <h2 className="text-lg font-semibold text-slate-900">{review.title || "(no title)"}</h2>
        <p className="text-xs text-slate-500">
          {review.reviewerNickname ?? "Anonymous"} · {review.territory ?? "—"} · <time dateTime={review.createdDate}>{day(review.createdDate)}</time> · {review.app.name} ({review.connection.name})
        </p>
      </header>
      <p className="whitespace-pre-wrap text-sm leading-relaxed text-slate-800">{review.body || "The reviewer wrote no text."}</p>

      {review.response && (
        <div className="rounded-md border-l-4 border-brand-500 bg-slate-50 p-3">
          <p className="flex flex-wrap items-center gap-2 text-xs font-medium text-slate-600">
            Developer response <ReplyBadge review={{ response: review.response, pendingReply: null }} />
            {review.response.modifiedDate && <span className="font-normal text-slate-500">{day(review.response.modifiedDate)}</span>}
            {review.replyMayBeOutdated && <OutdatedBadge />}
          </p>
          <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800" data-testid="current-reply">
            {review.response.body}
          </p>
        </div>
      )}
      {review.pendingReply && <PendingReplyNote pending={review.pendingReply} me={p.me} />}
      {review.replyingBy && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">{review.replyingBy} is replying to this review right now.</p>
      )}

      {p.canReply ? (
        <>
          <Assignee review={review} me={p.me} assignees={p.assignees} url={`${url}/assignee`} onChanged={p.onChanged} />
          <ReplyBox
            key={review.id}
            review={review}
            me={p.me}
            held={p.held}
            draft={p.draft}
            onDraft={p.onDraft}
            onChanged={p.onChanged}
            onFailed={p.onFailed}
            onLeave={p.onLeaveReply}
            templates={p.templates}
            templatesHref={p.templatesHref}
            url={`${url}/response`}
            replyRef={p.replyRef}
          />
        </>
      ) : (
        <p className="text-sm text-slate-600">
          {review.assignedTo ? `Assigned to ${review.assignedTo.id === p.me ? "you" : personName(review.assignedTo)}.` : "Not assigned."} Your role can read reviews but not reply to them.
        </p>
      )}
    </section>
  );
}

/** A reply waiting for an owner's or admin's approval, or the last one rejected, with who wrote it. */
function PendingReplyNote({ pending, me }: { pending: NonNullable<TInboxReview["pendingReply"]>; me: string }) {
  const mine = pending.authorId === me;
  const waiting = pending.status === "PENDING";
  return (
    <div className={cx("rounded-md border-l-4 p-3", waiting ? "border-violet-500 bg-violet-50" : "border-red-400 bg-red-50")} data-testid="pending-reply">
      <p className="text-xs font-medium text-slate-700">
        {waiting
          ? mine
            ? "Awaiting approval: your reply waits for an owner or admin. Nothing was sent to App Store Connect yet."
            : `Awaiting approval: a reply by ${pending.author}`
          : `Rejected by ${pending.decidedBy ?? "an approver"}${pending.decidedAt ? ` on ${day(pending.decidedAt)}` : ""}: ${mine ? "your" : `${pending.author}'s`} reply was not sent.`}
      </p>
      <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800">{pending.body}</p>
      {!waiting && pending.comment && (
        <p className="mt-2 text-sm text-red-900">
          <span className="font-medium">Why: </span>
          {pending.comment}
        </p>
      )}
    </div>
  );
}

function Assignee({ review, me, assignees, url, onChanged }: { review: TInboxReview; me: string; assignees: TAssignee[]; url: string; onChanged: (r: TInboxReview) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const current = review.assignedTo;
  // Someone no longer able to reply can still hold a review; the menu keeps showing them.
  const options = current && !assignees.some((a) => a.id === current.id) ? [...assignees, current] : assignees;

  async function assign(userId: string | null) {
    setBusy(true);
    setError(undefined);
    const res = await callApi<{ review: TInboxReview }>("PUT", url, { userId });
    setBusy(false);
    if (res.ok) onChanged(res.data.review);
    else setError(res.error.message);
  }

  return (
    <div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="w-64">
          <label htmlFor="review-assignee" className="mb-1 block text-xs font-medium text-slate-600">
            Assigned to
          </label>
          <select id="review-assignee" value={current?.id ?? ""} disabled={busy} onChange={(e) => void assign(e.target.value || null)} className={cx(inputClass, "py-1.5")}>
            <option value="">Unassigned</option>
            {options.map((a) => (
              <option key={a.id} value={a.id}>
                {`${personName(a)}${a.id === me ? " (you)" : ""}`}
              </option>
            ))}
          </select>
        </div>
        {current?.id !== me && assignees.some((a) => a.id === me) && (
          <button type="button" disabled={busy} onClick={() => void assign(me)} className="pb-2 text-sm font-medium text-brand-700 hover:underline">
            Assign to me
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
