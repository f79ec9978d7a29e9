import { env } from "@/lib/env";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderSource, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? v.join(",") : v;
}

/**
 * The client's address. The web server's preload (scripts/client-address.mjs) appends
 * the socket peer to X-Forwarded-For, so the last entry is the one nobody outside can
 * forge; behind a trusted reverse proxy (TRUST_PROXY=true) the entry that proxy added,
 * the one before it, is used instead.
 */
export function clientIp(h: HeaderSource): string {
  const parts = (header(h, "x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return header(h, "x-real-ip") ?? "unknown";
  const ip = env.TRUST_PROXY && parts.length > 1 ? parts[parts.length - 2] : parts[parts.length - 1];
  return ip.replace(/^::ffff:/, "").slice(0, 64);
}

export function userAgent(h: HeaderSource): string | undefined {
  return header(h, "user-agent")?.slice(0, 300);
}

export type ClientInfo = { ip: string; userAgent?: string };

export function clientInfo(h: HeaderSource): ClientInfo {
  return { ip: clientIp(h), userAgent: userAgent(h) };
}
