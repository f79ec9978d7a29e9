import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";
import { withCappedBody } from "@/lib/http/capped-body";
import { toErrorResponse } from "@/lib/http/route";

// Built per request so configuration is read at run time, not at build time.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  let capped: Request;
  try {
    // A sign-in form is a few hundred bytes; next-auth would otherwise read any body whole.
    capped = await withCappedBody(req, 16 * 1024);
  } catch (e) {
    return toErrorResponse(e);
  }
  return NextAuth(authOptions())(capped, ctx);
}

export { handler as GET, handler as POST };
