import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/tenancy/page";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Sales" };

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireOrgPage(slug, "sales.read");
  return (
    <>
      <PageHeader title="Sales" description="Units and proceeds from Apple's daily sales reports." />
      <EmptyState
        title="No sales data yet"
        action={
          <Link href={`/o/${slug}/connections`} className="inline-flex rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
            Open Connections
          </Link>
        }
      >
        Daily sales reports are fetched once a connection with a Sales or Finance role key has synced.
      </EmptyState>
    </>
  );
}
