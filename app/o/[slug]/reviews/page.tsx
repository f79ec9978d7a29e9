import type { Metadata } from "next";
import { latestReviews } from "@/lib/sync/queries";
import { requireOrgPage } from "@/lib/tenancy/page";
import { ConnectionsLink, EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Reviews" };

export default async function ReviewsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "reviews.read");
  const reviews = await latestReviews(ctx);
  return (
    <>
      <PageHeader title="Reviews" description="Customer reviews from every app you may see, newest first." />
      {reviews.length === 0 ? (
        <EmptyState
          title="No reviews yet"
          action={<ConnectionsLink slug={slug} />}
        >
          Customer reviews arrive with the first sync of a connection. Add a connection first.
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {reviews.map((r) => (
            <li key={r.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="font-medium text-slate-900">
                  <span aria-label={`${r.rating} out of 5 stars`} className="mr-2 text-amber-500">{"★".repeat(r.rating)}<span className="text-slate-300">{"★".repeat(5 - r.rating)}</span></span>
                  {r.title}
                </p>
                <p className="text-xs text-slate-500">
                  {r.app.name} · {r.territory} · {r.reviewerNickname} · {r.createdDate.toISOString().slice(0, 10)}
                </p>
              </div>
              <p className="mt-1 text-sm text-slate-700">{r.body}</p>
              {r.responseBody && (
                <p className="mt-2 border-l-2 border-brand-500 pl-3 text-sm text-slate-600">
                  {r.responseBody} <span className="text-xs text-slate-400">({r.responseState === "PUBLISHED" ? "published" : "pending publish"})</span>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
