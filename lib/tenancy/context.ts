import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";

/** What a handler may trust: loaded from the session and the database, never from the request body. */
export type OrgContext = {
  orgId: string;
  org: { id: string; name: string; slug: string };
  membership: { id: string; role: Role; restrictConnections: boolean };
  client: ClientInfo;
  /** Who is acting: a signed-in member, an organisation API token, or the server's operator. */
  actor: Actor;
};

/**
 * Who did something. A member is a user; a token is never a user, so rows record it in their
 * token column and show its name where a person's would be.
 */
export type Actor =
  | { kind: "member"; userId: string; email: string; name: string }
  | { kind: "apiToken"; tokenId: string; name: string; connectionIds: string[] | null }
  | { kind: "operator"; name: string };

/** The context of a signed-in member (pages, the web app's routes): their actor is always a member. */
export type MemberContext = OrgContext & { actor: Extract<Actor, { kind: "member" }> };
type MemberWho = { user: SessionUser; membership: MembershipRow };

type MembershipRow = NonNullable<Awaited<ReturnType<typeof loadMembership>>>;
type TokenRow = {
  id: string;
  name: string;
  role: Role;
  restrictConnections: boolean;
  connectionIds: string[];
  organization: { id: string; name: string; slug: string };
};

/**
 * The one place an OrgContext is made: for a signed-in member from their membership row, for
 * an organisation API token from its row (acting under the token's name, role and limits), or
 * for the operator on the server's command line.
 */
export function orgContext(who: MemberWho, client: ClientInfo): MemberContext;
export function orgContext(who: MemberWho | { token: TokenRow } | { operator: { name: string }; org: OrgContext["org"] }, client: ClientInfo): OrgContext;
export function orgContext(
  who: MemberWho | { token: TokenRow } | { operator: { name: string }; org: OrgContext["org"] },
  client: ClientInfo,
): OrgContext {
  const make = (org: OrgContext["org"], membership: OrgContext["membership"], actor: Actor): OrgContext => ({ orgId: org.id, org, membership, client, actor });
  if ("operator" in who) {
    // The server's operator (admin command line) acts as an owner without being a member.
    return make(who.org, { id: "", role: "OWNER", restrictConnections: false }, { kind: "operator", name: who.operator.name });
  }
  if ("token" in who) {
    const t = who.token;
    return make(t.organization, { id: t.id, role: t.role, restrictConnections: t.restrictConnections }, { kind: "apiToken", tokenId: t.id, name: t.name, connectionIds: t.restrictConnections ? t.connectionIds : null });
  }
  const m = who.membership;
  return make(m.organization, { id: m.id, role: m.role, restrictConnections: m.restrictConnections }, { kind: "member", userId: who.user.id, email: who.user.email, name: who.user.name });
}

/** The user's membership in an organisation given by id or slug, or null when they have none. */
export async function loadMembership(userId: string, org: { id: string } | { slug: string }) {
  const m = await db.membership.findFirst({
    where: { userId, organization: "id" in org ? { id: org.id } : { slug: org.slug } },
    select: {
      id: true,
      role: true,
      restrictConnections: true,
      organization: { select: { id: true, name: true, slug: true } },
    },
  });
  return m;
}

/** The signed-in user's context in an organisation given by id or slug, or null when they are not a member. */
export async function memberContext(user: SessionUser, org: { id: string } | { slug: string }, client: ClientInfo): Promise<MemberContext | null> {
  const m = await loadMembership(user.id, org);
  return m ? orgContext({ user, membership: m }, client) : null;
}

/** Organisations the user belongs to, for the switcher. */
export async function listUserOrgs(userId: string) {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, organization: { select: { id: true, name: true, slug: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return rows.map((r) => ({ ...r.organization, role: r.role }));
}
