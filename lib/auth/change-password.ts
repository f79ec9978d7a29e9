import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import type { ClientInfo } from "@/lib/http/client-info";
import { hashPassword, verifyPassword } from "./password";
import { createSession } from "./sessions";
import { forgiveAttempt, reserveAttempt } from "./throttle";

/**
 * Changes the password and ends every session of the user, this one included; the caller
 * gets a new session secret for the browser that made the change.
 */
export async function changePassword(
  user: { id: string; email: string },
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
) {
  // Guessing the current password from a stolen session counts against the account like sign-in does.
  await reserveAttempt(user.email, null);
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw invalid("currentPassword", "Your current password is not correct.");
  }
  await forgiveAttempt(user.email, null);
  if (input.currentPassword === input.newPassword) throw invalid("newPassword", "Choose a password different from the current one.");
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: new Date() } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit({ organizationId: null, action: "auth.password_changed", actor: user, client }, tx);
  });
  return createSession(user.id, client);
}
