import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { OrgContext } from "./context";

/** The `where` fragment every tenant query starts from. */
export function orgWhere(ctx: Pick<OrgContext, "orgId">) {
  return { organizationId: ctx.orgId };
}

/**
 * Connection ids this member may use, or "all". Agency members with
 * `restrictConnections` see only the connections granted to them.
 */
export async function allowedConnectionIds(ctx: OrgContext): Promise<string[] | "all"> {
  if (ctx.principal?.kind === "apiToken") return ctx.principal.connectionIds ?? "all";
  if (!ctx.membership.restrictConnections) return "all";
  const grants = await db.connectionGrant.findMany({
    where: { organizationId: ctx.orgId, membershipId: ctx.membership.id },
    select: { connectionId: true },
  });
  return grants.map((g) => g.connectionId);
}

/** A `where` for rows that hang off a connection (`connectionId` column), limited to what the member may see. */
export async function connectionScopedWhere(ctx: OrgContext, column = "connectionId") {
  const allowed = await allowedConnectionIds(ctx);
  return { ...orgWhere(ctx), ...(allowed === "all" ? {} : { [column]: { in: allowed } }) };
}

/**
 * Throws not_found (never "forbidden": existence is not disclosed) when the member may not
 * use the connection. It does not check that the connection exists in this organisation:
 * callers still look the connection up with orgWhere.
 */
export async function assertConnectionAccess(ctx: OrgContext, connectionId: string) {
  const allowed = await allowedConnectionIds(ctx);
  if (allowed !== "all" && !allowed.includes(connectionId)) throw notFound("Connection");
}
