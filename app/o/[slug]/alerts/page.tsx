import type { Metadata } from "next";
import { listChannels } from "@/lib/alerts/channels";
import { listDeliveries } from "@/lib/alerts/queue";
import { listRules } from "@/lib/alerts/rules";
import { alertSettings, ALERTS_NEED_ALL_CONNECTIONS, seesEveryConnection } from "@/lib/alerts/settings";
import { db } from "@/lib/db/client";
import { requireOrgPage } from "@/lib/tenancy/page";
import { EmptyState, PageHeader } from "@/app/_components/ui";
import { AlertsManager } from "./alerts-manager";

export const metadata: Metadata = { title: "Alerts" };

/** Channels, rules and the delivery log of the organisation's alerts; owners and admins only. */
export default async function AlertsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "alerts.manage");
  if (!(await seesEveryConnection(ctx))) {
    return (
      <>
        <PageHeader title="Alerts" />
        <EmptyState title="Alerts are managed by members who see every connection">{ALERTS_NEED_ALL_CONNECTIONS}</EmptyState>
      </>
    );
  }
  const [{ channels }, { rules }, { deliveries }, { settings }, connections, apps] = await Promise.all([
    listChannels(ctx),
    listRules(ctx),
    listDeliveries(ctx, { limit: 50 }),
    alertSettings(ctx),
    db.connection.findMany({ where: { organizationId: ctx.orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.syncedApp.findMany({ where: { organizationId: ctx.orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Tell the right people when something needs them: new reviews, key problems, failing syncs, change sets waiting for approval. Messages go by email, Slack, Microsoft Teams or a signed webhook."
      />
      <AlertsManager orgId={ctx.orgId} initial={{ channels, rules, deliveries, timeZone: settings.timeZone }} connections={connections} apps={apps} />
    </>
  );
}
