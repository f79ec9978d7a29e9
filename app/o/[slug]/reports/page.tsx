import type { Metadata } from "next";
import { db } from "@/lib/db/client";
import { listReports } from "@/lib/reports/schedules";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { ConnectionsLink, EmptyState, PageHeader } from "@/app/_components/ui";
import { ReportManager } from "./report-manager";

export const metadata: Metadata = { title: "Client reports" };

/** Client report schedules, per connection: everyone who may read reports previews them, owners and admins manage them. */
export default async function ClientReportsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "reports.read");
  const [reports, connections] = await Promise.all([
    listReports(ctx),
    db.connection.findMany({ where: await connectionScopedWhere(ctx, "id"), select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return (
    <>
      <PageHeader
        title="Client reports"
        description={`A weekly or monthly report per connection, mailed as HTML with a PDF attached, under ${ctx.org.name}'s name: sales per currency, ratings and replies, App Store changes, and conversion when Apple's analytics reach the period. Sent at 06:00 UTC after each week or month ends.`}
      />
      {connections.length === 0 ? (
        <EmptyState title="No connections yet" action={<ConnectionsLink slug={slug} />}>
          A report covers one connection&apos;s apps. Add a connection first.
        </EmptyState>
      ) : (
        <ReportManager orgId={ctx.orgId} slug={slug} initial={reports} connections={connections} canManage={can(ctx.membership.role, "reports.manage")} />
      )}
    </>
  );
}
