import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
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
  if (ctx.actor.kind === "apiToken") return ctx.actor.connectionIds ?? "all";
  // A client approver sees only the connections granted, whatever the flag says.
  if (!ctx.membership.restrictConnections && ctx.membership.role !== "CLIENT_APPROVER") return "all";
  const grants = await db.connectionGrant.findMany({
    where: { organizationId: ctx.orgId, membershipId: ctx.membership.id },
    select: { connectionId: true },
  });
  return grants.map((g) => g.connectionId);
}

/**
 * The `where` every query of tenant data starts from: the organisation, and for a member or
 * token limited to some connections, only those. `column` names the connection id: the
 * default for rows that hang off a connection, `"id"` for connections themselves.
 */
export async function connectionScopedWhere(ctx: OrgContext, column: "connectionId" | "id" = "connectionId") {
  const allowed = await allowedConnectionIds(ctx);
  return { ...orgWhere(ctx), ...(allowed === "all" ? {} : { [column]: { in: allowed } }) };
}

/** One connection the caller may use, with the fields `select` asks for, or not_found (existence is not disclosed). */
export async function visibleConnection<S extends Prisma.ConnectionSelect>(ctx: OrgContext, id: string, select: S): Promise<Prisma.ConnectionGetPayload<{ select: S }>> {
  // AND, not a spread: the scope may itself constrain `id`.
  const row = await db.connection.findFirst({ where: { AND: [await connectionScopedWhere(ctx, "id"), { id }] }, select });
  if (!row) throw notFound("Connection");
  return row as Prisma.ConnectionGetPayload<{ select: S }>;
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
