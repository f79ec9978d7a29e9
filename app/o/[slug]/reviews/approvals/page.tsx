import type { Metadata } from "next";
import Link from "next/link";
import { listPendingReplies } from "@/lib/reviews/approvals";
import { requireOrgPage } from "@/lib/tenancy/page";
import { PageHeader } from "@/app/_components/ui";
import { ApprovalQueue } from "./approval-queue";

export const metadata: Metadata = { title: "Replies awaiting approval" };

/** The replies that wait for an owner or admin: each with its review, to approve as written or edited, or reject with a reason. */
export default async function ReplyApprovalsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "replies.approve");
  const pending = await listPendingReplies(ctx);
  return (
    <>
      <PageHeader
        title="Replies awaiting approval"
        description="Replies of members whose replies need approval. Approve one as written or edited and it goes to App Store Connect; reject it with a reason for its author."
        actions={
          <Link href={`/o/${slug}/reviews`} className="text-sm font-medium text-brand-700 hover:underline">
            Back to reviews
          </Link>
        }
      />
      <ApprovalQueue orgId={ctx.orgId} initial={pending} />
    </>
  );
}
