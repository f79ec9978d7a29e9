import type { Metadata } from "next";
import Link from "next/link";
import { listChangeSets } from "@/lib/changesets/changesets";
import { approvalSettings } from "@/lib/changesets/settings";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { allowedConnectionIds } from "@/lib/tenancy/scope";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { ApprovalSettingsForm } from "./approval-settings";
import { StatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Approvals" };

/** Change sets of the connections the member sees, waiting ones first; approval settings for those who manage the organisation. */
export default async function ChangeSetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "changeSets.read");
  const [{ changeSets }, { settings }, allowed] = await Promise.all([listChangeSets(ctx), approvalSettings(ctx), allowedConnectionIds(ctx)]);
  const approver = can(ctx.membership.role, "changeSets.approve");
  const waiting = changeSets.filter((c) => c.status === "PENDING").length;
  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          approver
            ? `Metadata changes submitted for approval. ${waiting ? `${waiting} ${waiting === 1 ? "waits" : "wait"} for a decision.` : "Nothing waits for a decision."}`
            : "Metadata changes submitted for approval, and what became of them."
        }
      />
      <div className="space-y-6">
        {changeSets.length === 0 ? (
          <EmptyState title="No change sets yet">Where approval is on, editors submit an app&apos;s drafts from its metadata page with “Review and submit for approval”.</EmptyState>
        ) : (
          <ul aria-label="Change sets" className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            {changeSets.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                <div>
                  <Link href={`/o/${slug}/change-sets/${c.id}`} className="font-medium text-brand-700 hover:underline">
                    {c.app.name}: {c.items.length} {c.items.length === 1 ? "change" : "changes"}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {c.connection.name} · submitted by {c.submittedBy ?? "someone who left"} on {c.createdAt.slice(0, 16).replace("T", " ")} UTC
                    {c.note && ` · “${c.note.slice(0, 80)}${c.note.length > 80 ? "…" : ""}”`}
                  </p>
                </div>
                <StatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        )}
        {can(ctx.membership.role, "org.update") && (
          <Card title="Where approval is needed" description="With approval on, metadata is pushed only as an approved change set. Owners, admins and client approvers of the connection approve.">
            <ApprovalSettingsForm orgId={ctx.orgId} initial={settings} canChangeOrg={allowed === "all"} />
          </Card>
        )}
      </div>
    </>
  );
}
