import { cache } from "react";
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { resolveSession, SESSION_MAX_AGE_SECONDS, type SessionUser } from "./sessions";

export function sessionCookieName() {
  return env.NEXTAUTH_URL.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/** The session secret inside the request's cookie, if the cookie is genuine. */
export async function sessionSecretFromCookie(cookieValue: string | undefined): Promise<string | null> {
  if (!cookieValue) return null;
  try {
    const token = await decode({ token: cookieValue, secret: env.NEXTAUTH_SECRET });
    return typeof token?.sst === "string" ? token.sst : null;
  } catch {
    return null;
  }
}

/** The signed-in user for this request, or null. Cached for the duration of one request. */
export const currentUser = cache(async (): Promise<(SessionUser & { sessionSecret: string }) | null> => {
  const jar = await cookies();
  const secret = await sessionSecretFromCookie(jar.get(sessionCookieName())?.value);
  if (!secret) return null;
  const user = await resolveSession(secret);
  return user ? { ...user, sessionSecret: secret } : null;
});

/** A fresh cookie value for a new session secret (after a password change). */
export async function sessionCookieFor(user: { id: string; email: string; name: string }, sessionSecret: string) {
  const value = await encode({
    token: { sub: user.id, email: user.email, name: user.name, sst: sessionSecret },
    secret: env.NEXTAUTH_SECRET,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return {
    name: sessionCookieName(),
    value,
    options: {
      httpOnly: true,
      sameSite: "lax" as const,
      path: "/",
      secure: env.NEXTAUTH_URL.startsWith("https://"),
      maxAge: SESSION_MAX_AGE_SECONDS,
    },
  };
}
