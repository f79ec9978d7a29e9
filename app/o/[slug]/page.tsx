import Link from "next/link";
import { listChangeSets } from "@/lib/changesets/changesets";
import { organisationOverview, type TOverview } from "@/lib/overview/summary";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { EmptyState, PageHeader } from "@/app/_components/ui";
import { ConnectionCard } from "./connection-card";
import { count } from "./sales/format";

const buttonClass = "inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700";

/** Support members answer reviews and see nothing else: the reviews waiting, in all and per connection. */
function SupportOverview({ slug, name, overview }: { slug: string; name: string; overview: TOverview }) {
  const rows = overview.connections.filter((c) => c.reviews);
  const unreplied = rows.reduce((n, c) => n + c.reviews!.unreplied, 0);
  const low = rows.reduce((n, c) => n + c.reviews!.unrepliedLow, 0);
  const inbox = (extra: Record<string, string> = {}) => `/o/${slug}/reviews?${new URLSearchParams({ replied: "no", ...extra })}`;
  return (
    <>
      <PageHeader title={name} description="Customer reviews of every app this organisation connects." />
      <EmptyState
        title="Answer your customers"
        action={
          <Link href={`/o/${slug}/reviews`} className={buttonClass}>
            Go to the reviews inbox
          </Link>
        }
      >
        {rows.length ? (
          <div data-testid="support-overview" className="space-y-2">
            <p>
              <Link href={inbox()} className="font-medium text-brand-700 hover:underline" data-testid="unreplied">
                {count(unreplied)} unreplied {unreplied === 1 ? "review" : "reviews"}
              </Link>
              {", "}
              <Link href={inbox({ rating: "1,2" })} className="font-medium text-brand-700 hover:underline" data-testid="unreplied-low">
                {count(low)} of them rated 1★ or 2★
              </Link>
            </p>
            {rows.length > 1 && (
              <ul aria-label="Unreplied reviews per connection" className="space-y-0.5">
                {rows.map((c) => (
                  <li key={c.id}>
                    <Link href={inbox({ connection: c.id })} className="text-brand-700 hover:underline">
                      {`${c.name}: ${count(c.reviews!.unreplied)} unreplied, ${count(c.reviews!.unrepliedLow)} rated 1★ or 2★`}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          "Every review from the apps you may see is in the inbox, newest first."
        )}
      </EmptyState>
    </>
  );
}

/** A client approver's first page: what waits for their decision. */
function ApproverOverview({ slug, name, waiting }: { slug: string; name: string; waiting: number }) {
  return (
    <>
      <PageHeader title={name} description="Metadata changes of your apps wait here for your approval before they go to the App Store." />
      <EmptyState
        title={waiting ? `${waiting} ${waiting === 1 ? "change set waits" : "change sets wait"} for your decision` : "Nothing waits for your decision"}
        action={
          <Link href={`/o/${slug}/change-sets`} className={buttonClass}>
            Go to Approvals
          </Link>
        }
      >
        You see the apps of the connections granted to you, their metadata and screenshots, and approve or reject the changes submitted for them.
      </EmptyState>
    </>
  );
}

export default async function Overview({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "org.read");
  const admin = can(ctx.membership.role, "connections.manage");
  const overview = await organisationOverview(ctx);
  if (ctx.membership.role === "CLIENT_APPROVER") return <ApproverOverview slug={slug} name={ctx.org.name} waiting={(await listChangeSets(ctx, { status: "PENDING" })).changeSets.length} />;
  if (!can(ctx.membership.role, "connections.read")) return <SupportOverview slug={slug} name={ctx.org.name} overview={overview} />;
  if (!overview.connections.length) {
    return (
      <>
        <PageHeader title={ctx.org.name} description="Apps, metadata, reviews and sales of every App Store Connect team this organisation connects." />
        <EmptyState
          title="Connect your first App Store Connect team"
          action={
            <Link href={`/o/${slug}/connections`} className={buttonClass}>
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
  return (
    <>
      <PageHeader title={ctx.org.name} description="Each connected App Store Connect team at a glance: its health, reviews waiting for a reply, drafts to push, yesterday's sales and failing syncs." />
      <ul aria-label="Connections" className="grid gap-4 lg:grid-cols-2">
        {overview.connections.map((c) => (
          <ConnectionCard key={c.id} slug={slug} c={c} />
        ))}
      </ul>
    </>
  );
}
