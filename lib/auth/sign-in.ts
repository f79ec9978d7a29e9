import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/http/client-info";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { ZSignIn } from "./schemas";
import { createSession } from "./sessions";
import { forgiveAttempt, reserveAttempt } from "./throttle";

const WRONG = "Email or password is incorrect.";

/** Checks credentials (throttled per account and per client) and opens a server-side session. */
export async function signInWithPassword(input: unknown, client: ClientInfo) {
  const parsed = ZSignIn.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("validation", issue.message, { field: String(issue.path[0] ?? "email") });
  }
  const { email, password } = parsed.data;
  await reserveAttempt(email, client.ip);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    await recordAudit({
      organizationId: null,
      action: "auth.sign_in_failed",
      actor: user ? { id: user.id, email: user.email } : null,
      actorEmail: email,
      client,
    });
    throw new AppError("unauthenticated", WRONG);
  }
  await forgiveAttempt(email, client.ip);
  if (needsRehash(user.passwordHash)) await upgradeHash(user.id, user.passwordHash, password);
  const sessionSecret = await createSession(user.id, client);
  await recordAudit({ organizationId: null, action: "auth.sign_in", actor: user, client });
  return { user: { id: user.id, email: user.email, name: user.name }, sessionSecret };
}

/**
 * Replaces a hash made with older scrypt settings now that the password is known; the
 * condition on the old value leaves a password changed meanwhile untouched.
 */
async function upgradeHash(userId: string, oldHash: string, password: string) {
  await db.user.updateMany({ where: { id: userId, passwordHash: oldHash }, data: { passwordHash: await hashPassword(password) } });
}
