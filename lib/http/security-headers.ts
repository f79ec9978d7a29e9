import { env } from "@/lib/env";

/** Two years, the preload lists' minimum; sent only on responses that reached the user over https. */
export const HSTS = "max-age=63072000; includeSubDomains";

/** 128 random bits, base64: a fresh one for every page response. */
export function makeNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The policy of every page. Scripts run only with this response's nonce (Next puts it on
 * its own scripts when it finds it in the request's policy); 'strict-dynamic' lets those
 * load the chunks they import. Styles stay inline-capable: the charts set style attributes.
 * Images also come from Apple's image host (ASC_IMAGE_ORIGINS): screenshot thumbnails.
 */
export function pagePolicy(nonce: string, dev = false, imageOrigins: readonly string[] = env.ASC_IMAGE_ORIGINS ?? []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...imageOrigins].join(" "),
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Whether the user's connection was https. The web server itself speaks plain http, so
 * only a reverse proxy we trust (TRUST_PROXY) can say so, in X-Forwarded-Proto; the entry
 * it added is the last one. Without TRUST_PROXY anyone could send that header.
 */
export function servedOverHttps(headers: Headers, trustProxy: boolean): boolean {
  if (!trustProxy) return false;
  const proto = (headers.get("x-forwarded-proto") ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  return proto[proto.length - 1] === "https";
}
