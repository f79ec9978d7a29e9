import type { OrgContext } from "@/lib/tenancy/context";
import { allowedConnectionIds } from "@/lib/tenancy/scope";

type TokenReach = { restrictConnections: boolean; connectionIds: string[] };

/**
 * Whether a token reaches only connections in `allowed`. A token without a connection
 * limit reaches every connection, so only members who see all connections may see it.
 */
export function tokenWithin(allowed: string[] | "all", t: TokenReach): boolean {
  if (allowed === "all") return true;
  if (!t.restrictConnections) return false;
  const granted = new Set(allowed);
  return t.connectionIds.every((id) => granted.has(id));
}

/** The member's reach, for filtering tokens: "all" or the granted connection ids. */
export function tokenReachOf(ctx: OrgContext) {
  return allowedConnectionIds(ctx);
}
