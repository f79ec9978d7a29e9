import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/tenancy/page";
import { ConnectionsLink, EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Sales" };

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireOrgPage(slug, "sales.read");
  return (
    <>
      <PageHeader title="Sales" description="Units and proceeds from Apple's daily sales reports." />
      <EmptyState
        title="No sales data yet"
        action={<ConnectionsLink slug={slug} />}
      >
        Daily sales reports are fetched once a connection with a Sales or Finance role key has synced.
      </EmptyState>
    </>
  );
}
