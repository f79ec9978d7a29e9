import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";

/** What a handler may trust: loaded from the session and the database, never from the request body. */
export type OrgContext = {
  orgId: string;
  org: { id: string; name: string; slug: string };
  user: SessionUser;
  membership: { id: string; role: Role; restrictConnections: boolean };
  client: ClientInfo;
  /** Who is acting: a signed-in member (the default) or an organisation API token. */
  principal?: { kind: "member" } | { kind: "apiToken"; tokenId: string; connectionIds: string[] | null };
};

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

/** Organisations the user belongs to, for the switcher. */
export async function listUserOrgs(userId: string) {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, organization: { select: { id: true, name: true, slug: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return rows.map((r) => ({ ...r.organization, role: r.role }));
}
