import { db } from "@/lib/db/client";
import { hashToken, randomToken } from "@/lib/crypto/tokens";
import type { ClientInfo } from "@/lib/http/client-info";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
// Touch lastSeenAt at most this often, so reads stay reads.
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/** Creates the server-side record of a signed-in browser; the returned secret goes into the cookie. */
export async function createSession(userId: string, client: ClientInfo): Promise<string> {
  const secret = randomToken();
  await db.session.create({
    data: {
      userId,
      tokenHash: hashToken(secret),
      ip: client.ip,
      userAgent: client.userAgent,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
    },
  });
  return secret;
}

export type SessionUser = { id: string; email: string; name: string; sessionId: string };

/** The user behind a session secret, or null when it was signed out, revoked or expired. */
export async function resolveSession(secret: string): Promise<SessionUser | null> {
  const row = await db.session.findUnique({
    where: { tokenHash: hashToken(secret) },
    select: { id: true, expiresAt: true, lastSeenAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!row || row.expiresAt <= new Date()) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
  }
  return { ...row.user, sessionId: row.id };
}

export async function revokeSession(secret: string) {
  await db.session.deleteMany({ where: { tokenHash: hashToken(secret) } });
}

export async function revokeAllSessions(userId: string, exceptSessionId?: string) {
  await db.session.deleteMany({ where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) } });
}
