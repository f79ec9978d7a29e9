import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { forbidden, invalid } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { allowedConnectionIds, connectionScopedWhere } from "@/lib/tenancy/scope";

export const ZApprovalSettings = z
  .object({
    requireApproval: z.boolean({ message: "requireApproval is true or false." }).optional().describe("Every connection's metadata is pushed only as approved change sets"),
    connections: z
      .array(z.object({ id: z.string().min(1).max(64), requireApproval: z.boolean({ message: "requireApproval is true or false." }) }).strict())
      .max(500, "At most 500 connections.")
      .optional()
      .describe("Approval for single connections (the organisation's setting covers them all)"),
  })
  .strict()
  .refine((v) => v.requireApproval !== undefined || v.connections !== undefined, { message: "Nothing to change." });

/** Where metadata needs approval before a push: the organisation as a whole, and each connection the caller sees. */
export async function approvalSettings(ctx: OrgContext) {
  const [org, connections] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { requireApproval: true } }),
    db.connection.findMany({ where: await connectionScopedWhere(ctx, "id"), select: { id: true, name: true, requireApproval: true }, orderBy: { name: "asc" } }),
  ]);
  return { settings: { requireApproval: org.requireApproval, connections } };
}

export async function updateApprovalSettings(ctx: OrgContext, input: z.output<typeof ZApprovalSettings>) {
  const allowed = await allowedConnectionIds(ctx);
  // Turning approval off for everyone is not for a member who sees only some connections.
  if (input.requireApproval !== undefined && allowed !== "all") throw forbidden("Members limited to some connections change approval for their connections only.");
  await db.$transaction(async (tx) => {
    if (input.requireApproval !== undefined) await tx.organization.update({ where: { id: ctx.orgId }, data: { requireApproval: input.requireApproval } });
    for (const [i, c] of (input.connections ?? []).entries()) {
      const visible = allowed === "all" || allowed.includes(c.id);
      const { count } = visible ? await tx.connection.updateMany({ where: { id: c.id, organizationId: ctx.orgId }, data: { requireApproval: c.requireApproval } }) : { count: 0 };
      if (count === 0) throw invalid(`connections.${i}.id`, `No connection ${c.id} in this organisation.`);
    }
    await recordAudit({ organizationId: ctx.orgId, action: "approval.settings_changed", actor: ctx.actor, target: { type: "organization", id: ctx.orgId, label: ctx.org.name }, metadata: { requireApproval: input.requireApproval ?? null, connections: input.connections ?? null }, client: ctx.client }, tx);
  });
  return approvalSettings(ctx);
}
