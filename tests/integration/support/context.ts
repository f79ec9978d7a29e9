import { db } from "@/lib/db/client";
import { memberContext, type MemberContext } from "@/lib/tenancy/context";

/** The context orgRoute would hand a handler, built from the database for a given member. */
export async function contextFor(orgId: string, userId: string): Promise<MemberContext> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
  const ctx = await memberContext({ ...user, sessionId: "test" }, { id: orgId }, { ip: "203.0.113.9", userAgent: "vitest" });
  if (!ctx) throw new Error(`user ${userId} is not a member of organisation ${orgId}`);
  return ctx;
}
