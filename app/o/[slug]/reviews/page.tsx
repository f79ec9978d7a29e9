import type { Metadata } from "next";
import Link from "next/link";
import { assignees } from "@/lib/reviews/assign";
import { inboxChoices, inboxReview, listReviews, parseReviewQuery, reviewCounts } from "@/lib/reviews/inbox";
import { repliesHeld } from "@/lib/reviews/pending";
import { listTemplates } from "@/lib/reviews/templates";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { PageHeader } from "@/app/_components/ui";
import { filterQuery } from "./filters";
import { ReviewsInbox } from "./reviews-inbox";

export const metadata: Metadata = { title: "Reviews" };

type Search = Record<string, string | string[] | undefined>;

/** The reviews inbox. Its filters live in the URL, so a view can be shared or bookmarked. */
export default async function ReviewsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(slug, "reviews.read");
  // `review` opens one review (an alert's link); the rest are the inbox's filters.
  const { review: focusParam, ...filters } = search;
  const parsed = parseReviewQuery(filters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return (
      <>
        <PageHeader title="Reviews" />
        <div role="alert" data-field={issue.path.join(".") || undefined} className="rounded-lg bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200">
          <p className="font-medium">This link&apos;s filters could not be read.</p>
          <p className="mt-1">{issue.message}</p>
          <Link href={`/o/${slug}/reviews`} className="mt-3 inline-block font-medium text-red-900 underline">
            Clear filters
          </Link>
        </div>
      </>
    );
  }
  const q = parsed.data;
  const canReply = can(ctx.membership.role, "reviews.reply");
  const [page, counts, choices, members, templates, held] = await Promise.all([
    listReviews(ctx, q),
    reviewCounts(ctx, q),
    inboxChoices(ctx),
    canReply ? assignees(ctx) : Promise.resolve([]),
    canReply ? listTemplates(ctx) : Promise.resolve({ templates: [] }),
    canReply ? repliesHeld(ctx) : Promise.resolve(false),
  ]);
  // A review the member may not see (or that is gone) opens nothing, as an unknown one would.
  const focus = typeof focusParam === "string" && focusParam.length <= 64 ? await inboxReview(ctx, focusParam) : null;
  return (
    <ReviewsInbox
      orgId={ctx.orgId}
      slug={slug}
      focus={focus}
      query={filterQuery(new URLSearchParams(Object.entries(filters).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]))).toString()}
      initial={page}
      counts={counts}
      choices={choices}
      assignees={members}
      templates={templates.templates}
      canReply={canReply}
      held={held}
      canApprove={can(ctx.membership.role, "replies.approve")}
      me={ctx.actor.userId}
    />
  );
}
