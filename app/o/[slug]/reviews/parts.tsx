import { cx } from "@/app/_components/ui";
import { replyState, type TInboxReview } from "./filters";

export function Stars({ rating, className }: { rating: number; className?: string }) {
  return (
    <span role="img" aria-label={`${rating} out of 5 stars`} className={cx("whitespace-nowrap tracking-tight text-amber-500", className)}>
      {"★".repeat(rating)}
      <span className="text-slate-300">{"★".repeat(5 - rating)}</span>
    </span>
  );
}

const BADGE = {
  Unreplied: "bg-amber-50 text-amber-800 ring-amber-200",
  "Awaiting approval": "bg-violet-50 text-violet-800 ring-violet-200",
  "Pending publish": "bg-sky-50 text-sky-800 ring-sky-200",
  Published: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  Replied: "bg-slate-50 text-slate-700 ring-slate-200",
} as const;

export function ReplyBadge({ review }: { review: Pick<TInboxReview, "response" | "pendingReply"> }) {
  const words = replyState(review);
  return <span className={cx("inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", BADGE[words])}>{words}</span>;
}

/** The review changed after our reply was published: the reply may no longer fit it. */
export function OutdatedBadge() {
  return (
    <span
      className="inline-flex shrink-0 items-center rounded-full bg-orange-50 px-2 py-0.5 text-xs font-medium text-orange-800 ring-1 ring-inset ring-orange-200"
      title="The reviewer changed the title, text or rating after the reply was published"
    >
      Reply may be outdated
    </span>
  );
}

/** A keyboard key as the shortcut hints show it. */
export function Kbd({ children }: { children: React.ReactNode }) {
  return <kbd className="rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-[11px] text-slate-700 shadow-sm">{children}</kbd>;
}
