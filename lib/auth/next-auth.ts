import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientInfo } from "@/lib/http/client-info";
import { log } from "@/lib/log";
import { resolveSession, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { signInWithPassword } from "./sign-in";

/**
 * next-auth carries an encrypted JWT in an HttpOnly cookie; inside it is the secret of a
 * server-side session row. Every request resolves that row (lib/auth/current-user.ts), so
 * deleting it on sign-out or password change refuses the cookie at once.
 */
export function authOptions(): AuthOptions {
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // Secure cookies (with the __Secure- prefix) whenever the app is served over https.
    useSecureCookies: env.NEXTAUTH_URL.startsWith("https://"),
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          try {
            const { user, sessionSecret } = await signInWithPassword(credentials, clientInfo(req.headers ?? {}));
            return { id: user.id, email: user.email, name: user.name, sessionSecret };
          } catch (e) {
            if (e instanceof AppError) throw new Error(e.publicMessage);
            log.error({ err: e }, "sign-in failed unexpectedly");
            throw new Error("Sign-in is unavailable right now. Try again shortly.");
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user && "sessionSecret" in user) token.sst = user.sessionSecret as string;
        return token;
      },
      // What the browser may read: never the session secret, and nothing for a revoked session.
      async session({ session, token }) {
        const live = typeof token?.sst === "string" ? await resolveSession(token.sst) : null;
        if (!live) return { expires: new Date(0).toISOString() };
        return { expires: session.expires, user: { name: live.name, email: live.email } };
      },
    },
    events: {
      async signOut({ token }) {
        const secret = typeof token?.sst === "string" ? token.sst : undefined;
        if (!secret) return;
        const user = await resolveSession(secret);
        await revokeSession(secret);
        if (user) await recordAudit({ organizationId: null, action: "auth.sign_out", actor: user });
      },
    },
    logger: {
      error: (code, metadata) => log.error({ code, metadata }, "next-auth error"),
      warn: (code) => log.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
  };
}
