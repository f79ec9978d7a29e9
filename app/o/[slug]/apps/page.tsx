import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/tenancy/page";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Apps" };

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireOrgPage(slug, "apps.read");
  return (
    <>
      <PageHeader title="Apps" description="Every app of every connected App Store Connect team." />
      <EmptyState
        title="No apps yet"
        action={
          <Link href={`/o/${slug}/connections`} className="inline-flex rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
            Open Connections
          </Link>
        }
      >
        Apps appear here after a connection has synced. Add a connection first.
      </EmptyState>
    </>
  );
}
