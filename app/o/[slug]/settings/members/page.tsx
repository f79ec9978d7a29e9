import type { Metadata } from "next";
import { listPendingInvitations } from "@/lib/invitations/queries";
import { listMembers } from "@/lib/members/queries";
import { replyApprovalOf } from "@/lib/orgs/mutations";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { Card, PageHeader } from "@/app/_components/ui";
import { InviteForm, PendingInvitations } from "./invitations";
import { MemberTable } from "./member-table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "members.read");
  const canManage = can(ctx.membership.role, "members.manage");
  const [members, invitations, replyApproval] = await Promise.all([
    listMembers(ctx),
    can(ctx.membership.role, "invitations.manage") ? listPendingInvitations(ctx) : Promise.resolve([]),
    replyApprovalOf(ctx),
  ]);
  return (
    <>
      <PageHeader title="Members" description={`People with access to ${ctx.org.name}, and what their role lets them do.`} />
      <div className="space-y-6">
        <Card title={`Members (${members.length})`}>
          <MemberTable orgId={ctx.orgId} members={members} actorRole={ctx.membership.role} canManage={canManage} replyApproval={replyApproval} />
        </Card>
        {can(ctx.membership.role, "invitations.manage") && (
          <Card title="Invite a teammate" description="Create a single-use link for the role you choose and send it to your teammate yourself.">
            <InviteForm orgId={ctx.orgId} actorRole={ctx.membership.role} />
            <PendingInvitations orgId={ctx.orgId} invitations={invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() }))} />
          </Card>
        )}
      </div>
    </>
  );
}
