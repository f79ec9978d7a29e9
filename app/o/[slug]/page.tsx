import Link from "next/link";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export default async function Overview({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "org.read");
  const admin = can(ctx.membership.role, "connections.manage");
  if (!can(ctx.membership.role, "connections.read")) {
    // Support members answer reviews and see nothing else.
    return (
      <>
        <PageHeader title={ctx.org.name} description="Customer reviews of every app this organisation connects." />
        <EmptyState
          title="Answer your customers"
          action={
            <Link href={`/o/${slug}/reviews`} className="inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Go to the reviews inbox
            </Link>
          }
        >
          Every review from the apps you may see is in the inbox, newest first.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title={ctx.org.name} description="Apps, metadata, reviews and sales of every App Store Connect team this organisation connects." />
      <EmptyState
        title="Connect your first App Store Connect team"
        action={
          <Link href={`/o/${slug}/connections`} className="inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Go to Connections
          </Link>
        }
      >
        {admin
          ? "Add an App Store Connect API key (Issuer ID, Key ID and the .p8 file) under Connections. Apps, reviews and sales appear here once the first sync has run."
          : "An owner or admin of this organisation adds App Store Connect API keys. Apps, reviews and sales appear here once a connection has synced."}
      </EmptyState>
    </>
  );
}
