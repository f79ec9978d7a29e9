import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit/actions";
import { db } from "@/lib/db/client";
import { describeUserAgent } from "./user-agent";

/** How many of their latest account events a user sees. */
export const ACCOUNT_ACTIVITY_LIMIT = 50;

/**
 * The user's own account events (sign-ins, failed sign-ins, sign-outs, password changes,
 * organisations they deleted), newest first. These belong to no organisation, so they are
 * shown to the person alone and never in an organisation's audit log.
 */
export async function listAccountActivity(userId: string, limit = ACCOUNT_ACTIVITY_LIMIT) {
  const rows = await db.auditEvent.findMany({
    where: { organizationId: null, actorId: userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, action: true, targetLabel: true, ip: true, userAgent: true, createdAt: true },
  });
  return rows.map((e) => ({
    id: e.id,
    action: e.action,
    label: AUDIT_ACTIONS[e.action as AuditAction] ?? e.action,
    target: e.targetLabel,
    ip: e.ip,
    browser: e.userAgent ? describeUserAgent(e.userAgent) : null,
    userAgent: e.userAgent,
    createdAt: e.createdAt.toISOString(),
  }));
}
export type TAccountActivity = Awaited<ReturnType<typeof listAccountActivity>>;
