import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { conflict, forbidden, invalid, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { OrgContext } from "@/lib/tenancy/context";
import { canAssignRole } from "@/lib/tenancy/permissions";
import { fitCreatedGrantsTx } from "./creator-rights";
import type { ZUpdateMember } from "./schemas";
import { memberUserId } from "@/lib/tenancy/actor";

/** Serialises membership changes of one organisation so the last-owner rule cannot race. */
async function lockOrg(tx: Prisma.TransactionClient, orgId: string) {
  await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
}

/**
 * The acting member, re-read under the lock: a role changed by a concurrent request counts.
 * Members limited to some connections cannot manage members, or they could widen access.
 */
async function loadActor(tx: Prisma.TransactionClient, ctx: OrgContext) {
  if (ctx.actor.kind !== "member") throw forbidden("Only members can manage members.");
  const actor = await tx.membership.findFirst({
    where: { organizationId: ctx.orgId, userId: ctx.actor.userId },
    select: { id: true, role: true, restrictConnections: true },
  });
  if (!actor) throw notFound("Organisation");
  if (actor.restrictConnections) throw forbidden("Members limited to some connections cannot manage members.");
  return actor;
}

async function loadTarget(tx: Prisma.TransactionClient, ctx: OrgContext, membershipId: string) {
  const m = await tx.membership.findFirst({
    where: { id: membershipId, organizationId: ctx.orgId },
    select: { id: true, role: true, repliesNeedApproval: true, user: { select: { id: true, email: true } } },
  });
  if (!m) throw notFound("Member");
  return m;
}

async function assertOwnerRemains(tx: Prisma.TransactionClient, ctx: OrgContext, leaving: { id: string; role: Role }) {
  if (leaving.role !== "OWNER") return;
  const owners = await tx.membership.count({ where: { organizationId: ctx.orgId, role: "OWNER", id: { not: leaving.id } } });
  if (owners === 0) {
    throw conflict("An organisation needs at least one owner. Make someone else an owner first.", "role");
  }
}

export async function updateMember(ctx: OrgContext, membershipId: string, input: z.infer<typeof ZUpdateMember>) {
  return db.$transaction(async (tx) => {
    await lockOrg(tx, ctx.orgId);
    const actor = await loadActor(tx, ctx);
    const target = await loadTarget(tx, ctx, membershipId);
    const self = target.user.id === memberUserId(ctx);
    if (input.role && input.role !== target.role) {
      if (self && actor.role !== "OWNER") throw forbidden("You cannot change your own role.");
      if (!canAssignRole(actor.role, target.role, input.role)) throw forbidden("Only owners can grant or change the owner role.");
      if (target.role === "OWNER") await assertOwnerRemains(tx, ctx, target);
      // A client approver only ever sees the connections granted to them.
      await tx.membership.update({ where: { id: target.id }, data: { role: input.role, ...(input.role === "CLIENT_APPROVER" ? { restrictConnections: true } : {}) } });
      await recordAudit(
        {
          organizationId: ctx.orgId,
          action: "member.role_changed",
          actor: ctx.actor,
          target: { type: "member", id: target.id, label: target.user.email },
          metadata: { from: target.role, to: input.role },
          client: ctx.client,
        },
        tx,
      );
    }
    if (input.restrictConnections !== undefined || input.connectionIds !== undefined) {
      if (self && actor.role !== "OWNER") throw forbidden("You cannot change your own access.");
      if (!canAssignRole(actor.role, target.role, target.role)) throw forbidden("Only owners can change an owner's access.");
      if (input.restrictConnections === false && (input.role ?? target.role) === "CLIENT_APPROVER") {
        throw invalid("restrictConnections", "A client approver is always limited to the connections granted to them.");
      }
      if (input.restrictConnections !== undefined) {
        await tx.membership.update({ where: { id: target.id }, data: { restrictConnections: input.restrictConnections } });
      }
      if (input.connectionIds !== undefined) {
        await tx.connectionGrant.deleteMany({ where: { organizationId: ctx.orgId, membershipId: target.id } });
        await tx.connectionGrant.createMany({
          data: [...new Set(input.connectionIds)].map((connectionId) => ({ organizationId: ctx.orgId, membershipId: target.id, connectionId })),
        });
      }
      await recordAudit(
        {
          organizationId: ctx.orgId,
          action: "member.access_changed",
          actor: ctx.actor,
          target: { type: "member", id: target.id, label: target.user.email },
          metadata: { restrictConnections: input.restrictConnections ?? null, connectionIds: input.connectionIds ?? null },
          client: ctx.client,
        },
        tx,
      );
    }
    if (input.repliesNeedApproval !== undefined && input.repliesNeedApproval !== target.repliesNeedApproval) {
      if (self && actor.role !== "OWNER") throw forbidden("You cannot change whether your own replies need approval.");
      if (!canAssignRole(actor.role, target.role, target.role)) throw forbidden("Only owners can change an owner's replies.");
      await tx.membership.update({ where: { id: target.id }, data: { repliesNeedApproval: input.repliesNeedApproval } });
      await recordAudit(
        {
          organizationId: ctx.orgId,
          action: "member.reply_approval_changed",
          actor: ctx.actor,
          target: { type: "member", id: target.id, label: target.user.email },
          metadata: { from: target.repliesNeedApproval, to: input.repliesNeedApproval },
          client: ctx.client,
        },
        tx,
      );
    }
    // A token or invitation never outlives the rights of the member who created it.
    await fitCreatedGrantsTx(tx, ctx, { userId: target.user.id, email: target.user.email }, target.id);
    return tx.membership.findFirstOrThrow({
      where: { id: target.id, organizationId: ctx.orgId },
      select: { id: true, role: true, restrictConnections: true, repliesNeedApproval: true },
    });
  });
}

/** Removes a member (or lets a member leave). The last owner can do neither. */
export async function removeMember(ctx: OrgContext, membershipId: string) {
  await db.$transaction(async (tx) => {
    await lockOrg(tx, ctx.orgId);
    const actor = await loadActor(tx, ctx);
    const target = await loadTarget(tx, ctx, membershipId);
    const self = target.user.id === memberUserId(ctx);
    if (!self && !canAssignRole(actor.role, target.role, null)) {
      throw forbidden("Only owners can remove an owner.");
    }
    await assertOwnerRemains(tx, ctx, target);
    await tx.membership.delete({ where: { id: target.id } });
    await fitCreatedGrantsTx(tx, ctx, { userId: target.user.id, email: target.user.email }, null);
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: "member.removed",
        actor: ctx.actor,
        target: { type: "member", id: target.id, label: target.user.email },
        metadata: { role: target.role, left: self },
        client: ctx.client,
      },
      tx,
    );
  });
}

