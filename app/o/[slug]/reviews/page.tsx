import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/tenancy/page";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Reviews" };

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireOrgPage(slug, "reviews.read");
  return (
    <>
      <PageHeader title="Reviews" description="Customer reviews from every app you may see, in one inbox." />
      <EmptyState
        title="No reviews yet"
        action={
          <Link href={`/o/${slug}/connections`} className="inline-flex rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
            Open Connections
          </Link>
        }
      >
        Customer reviews arrive with the first sync of a connection. Add a connection first.
      </EmptyState>
    </>
  );
}
