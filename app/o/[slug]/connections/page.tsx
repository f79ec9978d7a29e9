import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/tenancy/page";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Connections" };

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireOrgPage(slug, "connections.read");
  return (
    <>
      <PageHeader title="Connections" description="App Store Connect API keys this organisation uses. Each client team of an agency gets its own connection." />
      <EmptyState title="No connections yet">
        A connection is an App Store Connect API key: its Issuer ID, Key ID and .p8 private key, stored encrypted. Owners and admins will add keys here.
      </EmptyState>
    </>
  );
}
