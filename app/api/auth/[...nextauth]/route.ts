import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

// Built per request so configuration is read at run time, not at build time.
function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, ctx);
}

export { handler as GET, handler as POST };
