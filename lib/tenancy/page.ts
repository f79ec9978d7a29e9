import { forbidden, notFound, redirect } from "next/navigation";
import { headers } from "next/headers";
import { currentUser } from "@/lib/auth/current-user";
import { clientInfo } from "@/lib/http/client-info";
import { loadMembership, type OrgContext } from "./context";
import { can, type Permission } from "./permissions";

/** For pages: the signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(returnTo?: string) {
  const user = await currentUser();
  if (!user) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return user;
}

/**
 * The page-side twin of orgRoute: 404 for organisations the user is not in (other
 * tenants learn nothing), 403 when the role lacks the permission.
 */
export async function requireOrgPage(slug: string, permission: Permission): Promise<OrgContext> {
  const user = await requireUser(`/o/${slug}`);
  const m = await loadMembership(user.id, { slug });
  if (!m) notFound();
  if (!can(m.role, permission)) forbidden();
  return {
    orgId: m.organization.id,
    org: m.organization,
    user,
    membership: { id: m.id, role: m.role, restrictConnections: m.restrictConnections },
    client: clientInfo(await headers()),
  };
}
