"use client";

import { cx } from "@/app/_components/ui";
import { day, personName, type TInboxReview } from "./filters";
import { OutdatedBadge, ReplyBadge, Stars } from "./parts";

export const rowId = (reviewId: string) => `review-row-${reviewId}`;

/** The inbox's rows, newest first; the selected one is marked aria-current. */
export function ReviewList({ reviews, selectedId, onSelect, me }: { reviews: TInboxReview[]; selectedId: string | null; onSelect: (id: string) => void; me: string }) {
  return (
    <ul aria-label="Reviews" className="divide-y divide-slate-200 overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      {reviews.map((r) => {
        const selected = r.id === selectedId;
        return (
          <li key={r.id} data-review-id={r.id}>
            <button
              type="button"
              id={rowId(r.id)}
              aria-current={selected ? "true" : undefined}
              onClick={() => onSelect(r.id)}
              className={cx(
                "block w-full border-l-4 px-4 py-3 text-left transition focus-visible:outline-offset-[-2px]",
                selected ? "border-brand-600 bg-brand-50" : "border-transparent hover:bg-slate-50",
              )}
            >
              <span className="flex items-center justify-between gap-3">
                <Stars rating={r.rating} />
                <span className="flex flex-wrap justify-end gap-1">
                  {r.replyMayBeOutdated && <OutdatedBadge />}
                  <ReplyBadge review={r} />
                </span>
              </span>
              <span className="mt-1 block truncate font-medium text-slate-900">{r.title || "(no title)"}</span>
              {r.body && <span className="mt-0.5 line-clamp-2 block text-sm text-slate-600">{r.body}</span>}
              <span className="mt-1.5 flex flex-wrap gap-x-2 text-xs text-slate-500">
                <span>{r.app.name}</span>
                <span aria-hidden>·</span>
                <span>{r.territory ?? "—"}</span>
                <span aria-hidden>·</span>
                <span>{r.reviewerNickname ?? "Anonymous"}</span>
                <span aria-hidden>·</span>
                <time dateTime={r.createdDate}>{day(r.createdDate)}</time>
              </span>
              {(r.assignedTo || r.replyingBy) && (
                <span className="mt-1 flex flex-wrap gap-x-3 text-xs">
                  {r.assignedTo && <span className="text-slate-700">Assigned to {r.assignedTo.id === me ? "you" : personName(r.assignedTo)}</span>}
                  {r.replyingBy && <span className="text-amber-700">{r.replyingBy} is replying…</span>}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
