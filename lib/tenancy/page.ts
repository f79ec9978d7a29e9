import { forbidden, notFound, redirect } from "next/navigation";
import { headers } from "next/headers";
import { currentUser } from "@/lib/auth/current-user";
import { clientInfo } from "@/lib/http/client-info";
import { memberContext, type MemberContext } from "./context";
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
export async function requireOrgPage(slug: string, permission: Permission): Promise<MemberContext> {
  const user = await requireUser(`/o/${slug}`);
  const ctx = await memberContext(user, { slug }, clientInfo(await headers()));
  if (!ctx) notFound();
  if (!can(ctx.membership.role, permission)) forbidden();
  return ctx;
}
