import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { HSTS, makeNonce, pagePolicy, servedOverHttps } from "@/lib/http/security-headers";

/**
 * Every page gets a Content-Security-Policy with a nonce of its own. The policy goes on the
 * request too: Next reads the nonce from there and puts it on the scripts it renders (the
 * root layout reads request headers, so every page renders per request).
 */
export function proxy(req: NextRequest) {
  const nonce = makeNonce();
  const policy = pagePolicy(nonce, process.env.NODE_ENV !== "production");
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", policy);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", policy);
  if (servedOverHttps(req.headers, env.TRUST_PROXY)) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

export const config = {
  // Pages only: API routes answer JSON under next.config.ts's policy, and their bodies are
  // not buffered through here. Prefetches reuse the page's nonce.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
