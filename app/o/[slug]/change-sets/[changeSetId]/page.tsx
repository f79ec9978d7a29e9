import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getChangeSet } from "@/lib/changesets/changesets";
import { AppError } from "@/lib/errors";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { PageHeader } from "@/app/_components/ui";
import { StatusBadge } from "../status-badge";
import { ChangeSetView } from "./change-set-view";

export const metadata: Metadata = { title: "Change set" };

/** One change set: its diff, its note and decision; approve or reject, push once approved. */
export default async function ChangeSetPage({ params }: { params: Promise<{ slug: string; changeSetId: string }> }) {
  const { slug, changeSetId } = await params;
  const ctx = await requireOrgPage(slug, "changeSets.read");
  const { changeSet } = await getChangeSet(ctx, changeSetId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const role = ctx.membership.role;
  return (
    <>
      <PageHeader
        title={`${changeSet.app.name}: change set`}
        description={<>{changeSet.connection.name} · submitted by {changeSet.submittedBy ?? "someone who left"} on {changeSet.createdAt.slice(0, 16).replace("T", " ")} UTC</>}
        actions={
          <div className="flex items-center gap-3">
            <StatusBadge status={changeSet.status} />
            <Link href={`/o/${slug}/change-sets`} className="text-sm font-medium text-brand-700 hover:underline">All change sets</Link>
          </div>
        }
      />
      <ChangeSetView orgId={ctx.orgId} slug={slug} initial={changeSet} canApprove={can(role, "changeSets.approve")} canSubmit={can(role, "changeSets.submit")} canSeeApp={can(role, "metadata.read")} />
    </>
  );
}
