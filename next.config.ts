import type { NextConfig } from "next";

// Pages get a Content-Security-Policy with a per-request nonce from proxy.ts; API routes
// answer JSON (or files) and never need to run or embed anything.
const apiPolicy = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Invitation links carry a secret in the path: never send it to another site.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const config: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // pdfkit reads its built-in fonts' metrics from its own package at run time.
  serverExternalPackages: ["pino", "bullmq", "ioredis", "pg", "pdfkit"],
  experimental: {
    authInterrupts: true,
    // proxy.ts runs for pages only, which take no bodies (API routes read theirs under
    // their own caps); what it would buffer of a body sent to a page stays small.
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiPolicy }] },
    ];
  },
};

export default config;
