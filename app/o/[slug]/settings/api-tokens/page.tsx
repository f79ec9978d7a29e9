import type { Metadata } from "next";
import { apiTokenLifetimeCap, listApiTokens } from "@/lib/api-tokens/queries";
import { listConnections } from "@/lib/connections/queries";
import { requireOrgPage } from "@/lib/tenancy/page";
import { Card, PageHeader } from "@/app/_components/ui";
import { ApiTokenList, CreateApiTokenForm } from "./api-token-forms";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "apiTokens.manage");
  const [tokens, connections, cap] = await Promise.all([listApiTokens(ctx), listConnections(ctx), apiTokenLifetimeCap(ctx)]);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let CI pipelines and scripts use this organisation's API, for example to get short-lived App Store Connect tokens without holding the .p8 file."
      />
      <div className="space-y-6">
        <Card title="Create a token">
          <CreateApiTokenForm orgId={ctx.orgId} connections={connections.map((c) => ({ id: c.id, name: c.name }))} maxDays={cap} limited={ctx.membership.restrictConnections} />
        </Card>
        <Card title={`Tokens (${tokens.length})`}>
          <ApiTokenList orgId={ctx.orgId} tokens={JSON.parse(JSON.stringify(tokens))} connections={connections.map((c) => ({ id: c.id, name: c.name }))} />
        </Card>
      </div>
    </>
  );
}
