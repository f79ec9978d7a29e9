"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useOptimistic, useRef, useState, useTransition } from "react";
import { callApi } from "@/app/_components/api";
import { Button, ConnectionsLink, cx, EmptyState, PageHeader } from "@/app/_components/ui";
import { FilterBar } from "./filter-bar";
import type { TAssignee, TChoices, TInboxReview, TReviewCounts, TTemplateRow } from "./filters";
import { Kbd } from "./parts";
import { ReviewDetail } from "./review-detail";
import { ReviewList, rowId } from "./review-list";

type Page = { reviews: TInboxReview[]; nextCursor: string | null };
type Props = {
  orgId: string;
  slug: string;
  /** The filters the server applied, as a query string. */
  query: string;
  initial: Page;
  counts: TReviewCounts;
  choices: TChoices;
  assignees: TAssignee[];
  templates: TTemplateRow[];
  canReply: boolean;
  /** The member's replies wait for approval. */
  held: boolean;
  /** The member approves replies: the inbox links to the queue. */
  canApprove: boolean;
  me: string;
  /** The review a link opened (`?review=`), shown beside the list even when the list's page does not hold it. */
  focus?: TInboxReview | null;
};

const newestFirst = (a: TInboxReview, b: TInboxReview) => b.createdDate.localeCompare(a.createdDate) || b.id.localeCompare(a.id);

const isTextField = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || !!el.closest("input, textarea, select"));

/**
 * The reviews inbox: filters in the URL, the matching reviews newest first with older
 * pages on demand, and the selected review beside them with its reply and assignee.
 */
export function ReviewsInbox(p: Props) {
  const router = useRouter();
  const base = `/o/${p.slug}/reviews`;
  const apiBase = `/api/orgs/${p.orgId}/reviews`;
  const [pending, startTransition] = useTransition();
  // The controls show a new filter at once; the list follows when the server has answered.
  const [shownQuery, showQuery] = useOptimistic(p.query);
  const [reviews, setReviews] = useState(p.initial.reviews);
  const [nextCursor, setNextCursor] = useState(p.initial.nextCursor);
  const [loaded, setLoaded] = useState({ initial: p.initial, query: p.query });
  const [selectedId, setSelectedId] = useState<string | null>(p.focus?.id ?? null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string>();
  const replyRef = useRef<HTMLTextAreaElement>(null);

  if (loaded.initial !== p.initial) {
    if (loaded.query !== p.query) {
      setReviews(p.initial.reviews);
      setNextCursor(p.initial.nextCursor);
      if (selectedId && !p.initial.reviews.some((r) => r.id === selectedId)) setSelectedId(null);
    } else {
      // The same view read again (after a reply or an assignment): its rows are the newest
      // word on those reviews, and older pages loaded since stay.
      const fresh = new Map(p.initial.reviews.map((r) => [r.id, r]));
      const known = new Set(reviews.map((r) => r.id));
      setReviews([...reviews.map((r) => fresh.get(r.id) ?? r), ...p.initial.reviews.filter((r) => !known.has(r.id))].sort(newestFirst));
    }
    setLoaded({ initial: p.initial, query: p.query });
  }

  const navigate = (query: string, opts?: { replace?: boolean }) =>
    startTransition(() => {
      showQuery(query);
      const href = query ? `${base}?${query}` : base;
      if (opts?.replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    });

  const selected = reviews.find((r) => r.id === selectedId) ?? (p.focus && p.focus.id === selectedId ? p.focus : null);

  function focusRow(id: string) {
    const row = document.getElementById(rowId(id));
    row?.focus({ preventScroll: true });
    row?.scrollIntoView({ block: "nearest" });
  }

  function select(id: string) {
    setSelectedId(id);
    requestAnimationFrame(() => focusRow(id));
  }

  // j and k walk the list, r goes to the reply box; keys typed into a field are the field's.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        const at = reviews.findIndex((r) => r.id === selectedId);
        const next = at === -1 ? 0 : Math.min(reviews.length - 1, Math.max(0, at + (e.key === "j" ? 1 : -1)));
        if (reviews[next]) select(reviews[next].id);
      } else if (e.key === "r" && p.canReply && selectedId) {
        e.preventDefault();
        replyRef.current?.focus();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  function changed(review: TInboxReview) {
    setReviews((rs) => rs.map((r) => (r.id === review.id ? review : r)));
    // The counts (and rows Apple's answer may have touched) come from the server again.
    router.refresh();
  }

  async function loadOlder() {
    if (!nextCursor) return;
    setLoadingOlder(true);
    setOlderError(undefined);
    const q = new URLSearchParams(p.query);
    q.set("cursor", nextCursor);
    const res = await callApi<Page>("GET", `${apiBase}?${q}`);
    setLoadingOlder(false);
    if (!res.ok) return setOlderError(res.error.message);
    setReviews((rs) => {
      const known = new Set(rs.map((r) => r.id));
      return [...rs, ...res.data.reviews.filter((r) => !known.has(r.id))];
    });
    setNextCursor(res.data.nextCursor);
  }

  const templatesLink = (
    <span className="flex flex-wrap items-center gap-4">
      {p.canApprove && (
        <Link href={`${base}/approvals`} className="text-sm font-medium text-brand-700 hover:underline">
          Replies awaiting approval
        </Link>
      )}
      <Link href={`${base}/templates`} className="text-sm font-medium text-brand-700 hover:underline">
        Reply templates
      </Link>
    </span>
  );

  return (
    <div data-wide className="mx-auto max-w-7xl">
      <PageHeader title="Reviews" description="Customer reviews from every app you may see, newest first." actions={templatesLink} />
      <FilterBar query={shownQuery} choices={p.choices} counts={p.counts} navigate={navigate} pending={pending} clearHref={base} />
      <p className="mb-3 hidden flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500 sm:flex" aria-label="Keyboard shortcuts">
        <span>
          <Kbd>j</Kbd> / <Kbd>k</Kbd> next / previous review
        </span>
        {p.canReply && (
          <>
            <span>
              <Kbd>r</Kbd> reply
            </span>
            <span>
              <Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> send
            </span>
            <span>
              <Kbd>Esc</Kbd> leave the reply box
            </span>
          </>
        )}
      </p>
      {reviews.length === 0 ? (
        p.query ? (
          <EmptyState title="No reviews match these filters" action={<Link href={base} className="font-medium text-brand-700 hover:underline">Clear filters</Link>}>
            Try fewer filters, another date range or other words.
          </EmptyState>
        ) : (
          <EmptyState title="No reviews yet" action={<ConnectionsLink slug={p.slug} />}>
            Customer reviews arrive with the first sync of a connection. Add a connection first.
          </EmptyState>
        )
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
          <div className={cx("space-y-3", selected && "hidden lg:block")} aria-busy={pending || undefined}>
            <ReviewList reviews={reviews} selectedId={selectedId} onSelect={select} me={p.me} />
            {nextCursor ? (
              <div className="flex flex-col items-center gap-2">
                <Button type="button" variant="secondary" onClick={() => void loadOlder()} disabled={loadingOlder}>
                  {loadingOlder ? "Loading…" : "Load older reviews"}
                </Button>
                {olderError && <p role="alert" className="text-sm text-red-700">{olderError}</p>}
              </div>
            ) : (
              <p className="text-center text-xs text-slate-500">That is every review matching these filters.</p>
            )}
          </div>
          <div className={cx(!selected && "hidden lg:block")}>
            <div className="lg:sticky lg:top-36 lg:max-h-[calc(100vh-10rem)] lg:overflow-y-auto">
              {selected ? (
                <ReviewDetail
                  review={selected}
                  canReply={p.canReply}
                  held={p.held}
                  me={p.me}
                  assignees={p.assignees}
                  templates={p.templates}
                  templatesHref={`${base}/templates`}
                  apiBase={apiBase}
                  draft={drafts[selected.id] ?? null}
                  onDraft={(text) =>
                    setDrafts((d) => {
                      const { [selected.id]: _, ...rest } = d;
                      return text === null ? rest : { ...rest, [selected.id]: text };
                    })
                  }
                  onChanged={changed}
                  onFailed={() => router.refresh()}
                  onLeaveReply={() => focusRow(selected.id)}
                  onBack={() => {
                    setSelectedId(null);
                    requestAnimationFrame(() => focusRow(selected.id));
                  }}
                  replyRef={replyRef}
                />
              ) : (
                <div className="rounded-lg border-2 border-dashed border-slate-300 px-6 py-12 text-center text-sm text-slate-600">
                  Select a review to read it in full{p.canReply ? " and reply" : ""}. <Kbd>j</Kbd> opens the newest.
                </div>
              )}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
