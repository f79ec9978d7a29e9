import { listUserOrgs } from "@/lib/tenancy/context";
import { can } from "@/lib/tenancy/permissions";
import { requireOrgPage } from "@/lib/tenancy/page";
import { Shell } from "@/app/_components/shell";

export const dynamic = "force-dynamic";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "org.read");
  const orgs = await listUserOrgs(ctx.actor.userId);
  const role = ctx.membership.role;
  return (
    <Shell
      org={ctx.org}
      orgs={orgs}
      user={{ name: ctx.actor.name, email: ctx.actor.email }}
      role={role}
      show={{ audit: can(role, "audit.read"), members: can(role, "members.read"), sales: can(role, "sales.read"), analytics: can(role, "analytics.read"), connections: can(role, "connections.read"), apps: can(role, "apps.read"), reviews: can(role, "reviews.read"), alerts: can(role, "alerts.manage"), changeSets: can(role, "changeSets.read"), reports: can(role, "reports.read") }}
    >
      {children}
    </Shell>
  );
}
