import { announceTokenChange } from "@/lib/api-tokens/token-cache";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ClientInfo } from "@/lib/http/client-info";
import type { OrgContext } from "@/lib/tenancy/context";
import { makeSlug } from "./slug";

type Actor = { id: string; email: string };

/** Creates an organisation with `owner` as its first owner, inside the caller's transaction. */
export async function createOrgTx(tx: Prisma.TransactionClient, name: string, owner: Actor, client?: ClientInfo) {
  const org = await tx.organization.create({ data: { name, slug: makeSlug(name) }, select: { id: true, name: true, slug: true } });
  await tx.membership.create({ data: { organizationId: org.id, userId: owner.id, role: "OWNER" } });
  await recordAudit(
    { organizationId: org.id, action: "org.created", actor: owner, target: { type: "organization", id: org.id, label: name }, client },
    tx,
  );
  return org;
}

export function createOrg(name: string, owner: Actor, client?: ClientInfo) {
  return db.$transaction((tx) => createOrgTx(tx, name, owner, client));
}

export async function renameOrg(ctx: OrgContext, name: string) {
  const org = await db.$transaction(async (tx) => {
    const org = await tx.organization.update({
      where: { id: ctx.orgId },
      data: { name },
      select: { id: true, name: true, slug: true },
    });
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: "org.renamed",
        actor: ctx.actor,
        target: { type: "organization", id: ctx.orgId, label: name },
        metadata: { from: ctx.org.name, to: name },
        client: ctx.client,
      },
      tx,
    );
    return org;
  });
  // API tokens carry the organisation's name (GET /api/v1/me).
  await announceTokenChange({ orgId: ctx.orgId });
  return org;
}

/** The organisation's reply approval: whether replies of the members chosen for it wait for approval. */
export async function replyApprovalOf(ctx: Pick<OrgContext, "orgId">) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { replyApproval: true } });
  return org.replyApproval;
}

/** Turns reply approval on or off; replies already waiting stay in the queue either way. */
export async function setReplyApproval(ctx: OrgContext, on: boolean) {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { replyApproval: true } });
    if (before.replyApproval !== on) {
      await tx.organization.update({ where: { id: ctx.orgId }, data: { replyApproval: on } });
      await recordAudit(
        {
          organizationId: ctx.orgId,
          action: "org.reply_approval_changed",
          actor: ctx.actor,
          target: { type: "organization", id: ctx.orgId, label: ctx.org.name },
          metadata: { from: before.replyApproval, to: on },
          client: ctx.client,
        },
        tx,
      );
    }
    return on;
  });
}

/** Deletes the organisation and everything it owns. The audit entry outlives it, detached from the tenant. */
export async function deleteOrg(ctx: OrgContext, confirmName: string) {
  if (confirmName.trim() !== ctx.org.name) {
    throw invalid("confirmName", `Type "${ctx.org.name}" exactly to confirm.`);
  }
  await db.$transaction(async (tx) => {
    await tx.organization.delete({ where: { id: ctx.orgId } });
    await recordAudit(
      {
        organizationId: null,
        action: "org.deleted",
        actor: ctx.actor,
        target: { type: "organization", id: ctx.orgId, label: ctx.org.name },
        client: ctx.client,
      },
      tx,
    );
  });
  // Its API tokens went with it; no web process may keep accepting them.
  await announceTokenChange({ orgId: ctx.orgId });
}
