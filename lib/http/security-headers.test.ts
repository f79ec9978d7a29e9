import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { pagePolicy, servedOverHttps } from "./security-headers";

const trust = vi.hoisted(() => ({ TRUST_PROXY: true, ASC_IMAGE_ORIGINS: ["https://*.mzstatic.com"] }));
vi.mock("@/lib/env", () => ({ env: trust }));

const { proxy } = await import("@/proxy");

const page = (headers: Record<string, string> = {}) => new NextRequest("http://127.0.0.1:3000/sign-in", { headers });

describe("page security headers", () => {
  it("HSTS only when a trusted reverse proxy says the connection was https", () => {
    trust.TRUST_PROXY = true;
    expect(proxy(page({ "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(proxy(page({ "x-forwarded-proto": "http" })).headers.get("strict-transport-security")).toBeNull();
    expect(proxy(page()).headers.get("strict-transport-security")).toBeNull();
    // The proxy's own entry is the last one; a client's claim before it does not count.
    expect(servedOverHttps(new Headers({ "x-forwarded-proto": "https, http" }), true)).toBe(false);
    trust.TRUST_PROXY = false;
    expect(proxy(page({ "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBeNull();
  });

  it("a fresh nonce per response, given to Next on the request, and no 'unsafe-inline' for scripts", () => {
    const a = proxy(page()).headers.get("content-security-policy")!;
    const b = proxy(page()).headers.get("content-security-policy")!;
    const nonce = (p: string) => /'nonce-([^']+)'/.exec(p)?.[1];
    expect(nonce(a)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce(b)).not.toBe(nonce(a));
    expect(a.split("; ").find((d) => d.startsWith("script-src"))).not.toContain("unsafe-inline");
    expect(pagePolicy("abc")).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
  });

  it("lets pages load images from Apple's image host, and from no other", () => {
    const img = (p: string) => p.split("; ").find((d) => d.startsWith("img-src"));
    expect(img(proxy(page()).headers.get("content-security-policy")!)).toBe("img-src 'self' data: blob: https://*.mzstatic.com");
    expect(img(pagePolicy("abc", false, ["http://127.0.0.1:4010"]))).toBe("img-src 'self' data: blob: http://127.0.0.1:4010");
  });
});
