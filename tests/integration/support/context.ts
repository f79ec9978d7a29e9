import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";

/** The context orgRoute would hand a handler, built from the database for a given member. */
export async function contextFor(orgId: string, userId: string): Promise<OrgContext> {
  const m = await db.membership.findFirstOrThrow({
    where: { organizationId: orgId, userId },
    select: { id: true, role: true, restrictConnections: true, organization: { select: { id: true, name: true, slug: true } }, user: { select: { id: true, email: true, name: true } } },
  });
  return {
    orgId,
    org: m.organization,
    user: { ...m.user, sessionId: "test" },
    membership: { id: m.id, role: m.role, restrictConnections: m.restrictConnections },
    client: { ip: "203.0.113.9", userAgent: "vitest" },
  };
}
