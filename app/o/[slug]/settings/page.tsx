import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { Card, PageHeader } from "@/app/_components/ui";
import { apiTokenLifetimeCap } from "@/lib/api-tokens/queries";
import { replyApprovalOf } from "@/lib/orgs/mutations";
import { ApiTokenLifetimeForm, DeleteOrgForm, RenameOrgForm, ReplyApprovalForm } from "./org-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "org.read");
  const role = ctx.membership.role;
  return (
    <>
      <PageHeader title="Settings" description={`Settings of ${ctx.org.name}.`} />
      <div className="space-y-6">
        {can(role, "members.read") && (
          <Card
            title="Members and invitations"
            description="Invite teammates, choose their roles and limit agency members to some connections."
            actions={
              <Link href={`/o/${slug}/settings/members`} className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50">
                Manage members
              </Link>
            }
          />
        )}
        {can(role, "apiTokens.manage") && (
          <Card
            title="API tokens"
            description="Tokens for CI pipelines and scripts: the public API and short-lived App Store Connect tokens."
            actions={
              <Link href={`/o/${slug}/settings/api-tokens`} className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50">
                Manage API tokens
              </Link>
            }
          />
        )}
        <Card title="Organisation name" description={can(role, "org.update") ? "Shown in the switcher and on invitations." : "Only owners and admins can rename the organisation."}>
          <RenameOrgForm orgId={ctx.orgId} name={ctx.org.name} disabled={!can(role, "org.update")} />
        </Card>
        {can(role, "apiTokens.manage") && (
          <Card
            title="API token lifetime"
            description={can(role, "org.update") ? "New tokens must expire within this many days of their creation." : "Only owners and admins can change the cap."}
          >
            <ApiTokenLifetimeForm orgId={ctx.orgId} days={await apiTokenLifetimeCap(ctx)} disabled={!can(role, "org.update")} />
          </Card>
        )}
        {can(role, "replies.approve") && (
          <Card
            title="Reply approval"
            description={
              <>
                Whose replies wait is chosen on the{" "}
                <Link href={`/o/${slug}/settings/members`} className="font-medium text-brand-700 hover:underline">
                  members page
                </Link>
                ; waiting replies are in the{" "}
                <Link href={`/o/${slug}/reviews/approvals`} className="font-medium text-brand-700 hover:underline">
                  approval queue
                </Link>
                .
              </>
            }
          >
            <ReplyApprovalForm orgId={ctx.orgId} on={await replyApprovalOf(ctx)} disabled={!can(role, "org.update")} />
          </Card>
        )}
        {can(role, "org.delete") && (
          <Card title="Delete organisation" description="Deletes the organisation, its connections, synced data, members and invitations. This cannot be undone.">
            <DeleteOrgForm orgId={ctx.orgId} name={ctx.org.name} />
          </Card>
        )}
      </div>
    </>
  );
}
