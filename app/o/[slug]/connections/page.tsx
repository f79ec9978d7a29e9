import type { Metadata } from "next";
import { listConnections } from "@/lib/connections/queries";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { AddConnectionForm } from "./add-connection-form";
import { ConnectionList, type ConnectionRow } from "./connection-list";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "connections.read");
  const manage = can(ctx.membership.role, "connections.manage");
  const rows = (await listConnections(ctx)) as ConnectionRow[];
  return (
    <>
      <PageHeader title="Connections" description="App Store Connect API keys this organisation uses. Each client team of an agency gets its own connection." />
      <div className="space-y-6">
        {rows.length === 0 ? (
          <EmptyState title="No connections yet">
            {manage
              ? "Add an App Store Connect API key below: a team key (Issuer ID, Key ID and the .p8 file) or an individual key (Key ID and the .p8 file). The private key is encrypted before it is stored and never shown again."
              : "Owners and admins add App Store Connect API keys here. Ask one of them to connect your team."}
          </EmptyState>
        ) : (
          <ConnectionList orgId={ctx.orgId} slug={slug} rows={rows.map((r) => JSON.parse(JSON.stringify(r)))} manage={manage} />
        )}
        {manage && (
          <Card
            title="Add a connection"
            description="In App Store Connect, open Users and Access › Integrations › App Store Connect API, create a team key (App Manager or Admin role) or an individual key, and download its .p8 file. The base64 of the .p8 and a fastlane API key file (.json) work too."
          >
            <AddConnectionForm orgId={ctx.orgId} />
          </Card>
        )}
      </div>
    </>
  );
}
