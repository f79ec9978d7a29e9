import { db } from "@/lib/db/client";

/** Whether the app's connection pushes metadata only as approved change sets (turned on for it, or for the whole organisation). */
export async function approvalRequired(organizationId: string, connectionId: string) {
  const c = await db.connection.findFirst({ where: { id: connectionId, organizationId }, select: { requireApproval: true, organization: { select: { requireApproval: true } } } });
  return Boolean(c && (c.requireApproval || c.organization.requireApproval));
}
