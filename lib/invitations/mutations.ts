import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { hashToken, randomToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { ClientInfo } from "@/lib/http/client-info";
import { mailInvitation, type MailResult } from "@/lib/mail/invitation";
import type { OrgContext } from "@/lib/tenancy/context";
import { canAssignRole, ROLE_LABELS } from "@/lib/tenancy/permissions";
import { assertInvitationMailBudgetTx } from "./mail-limit";
import { invitationsHiddenFrom } from "./queries";
import { actorColumns } from "@/lib/tenancy/actor";

export function invitationUrl(token: string) {
  return new URL(`/invite/${token}`, env.NEXTAUTH_URL).toString();
}

/** Creates a single-use link. The secret is returned once; only its hash is stored. */
export async function createInvitation(ctx: OrgContext, input: { role: Role; email?: string }) {
  if (!canAssignRole(ctx.membership.role, null, input.role)) throw forbidden("Only owners can invite owners.");
  // A newcomer joins with access to every connection, more than a limited inviter has.
  if (ctx.membership.restrictConnections) throw forbidden("Members limited to some connections cannot invite.");
  const token = randomToken();
  const inv = await db.$transaction(async (tx) => {
    if (input.email) {
      // Serialises this organisation's mailed invitations so concurrent requests cannot overshoot the hourly limit.
      await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${ctx.orgId} FOR UPDATE`;
      await assertInvitationMailBudgetTx(tx, ctx.orgId);
    }
    // createdAt is on the product's clock (the mail limit's window); expiry stays on the wall clock, as the link checks are.
    const createdAt = nowDate();
    const expiresAt = new Date(Date.now() + env.INVITATION_TTL_HOURS * 3600_000);
    const row = await tx.invitation.create({
      data: { organizationId: ctx.orgId, role: input.role, email: input.email, tokenHash: hashToken(token), ...actorColumns(ctx.actor, "createdBy"), expiresAt, createdAt },
      select: { id: true, role: true, email: true, expiresAt: true, createdAt: true },
    });
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: "invitation.created",
        actor: ctx.actor,
        target: { type: "invitation", id: row.id, label: input.email ?? `${ROLE_LABELS[input.role]} link` },
        metadata: { role: input.role },
        client: ctx.client,
      },
      tx,
    );
    return row;
  });
  const url = invitationUrl(token);
  const mail: MailResult | null = input.email
    ? await mailInvitation(input.email, { orgName: ctx.org.name, inviter: ctx.actor.name, role: input.role, url })
    : null;
  return { ...inv, url, mail };
}

export async function revokeInvitation(ctx: OrgContext, invitationId: string) {
  if (invitationsHiddenFrom(ctx)) throw notFound("Invitation");
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, organizationId: ctx.orgId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw notFound("Invitation");
    await recordAudit(
      { organizationId: ctx.orgId, action: "invitation.revoked", actor: ctx.actor, target: { type: "invitation", id: invitationId }, client: ctx.client },
      tx,
    );
  });
}

const INVALID = "This invitation link is not valid. Ask for a new one.";

/** Why a token cannot be used, in words for the person holding the link; null when it can. */
export function invitationProblem(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null) {
  if (!inv) return INVALID;
  if (inv.acceptedAt) return "This invitation has already been used. Ask for a new one.";
  if (inv.revokedAt) return "This invitation was withdrawn. Ask for a new one.";
  if (inv.expiresAt <= new Date()) return "This invitation has expired. Ask for a new one.";
  return null;
}

/** What the invitation page shows before anyone accepts. */
export async function describeInvitation(token: string) {
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { role: true, email: true, acceptedAt: true, revokedAt: true, expiresAt: true, organization: { select: { name: true } } },
  });
  return { invitation: inv, problem: invitationProblem(inv) };
}

/**
 * Consumes the invitation and adds the user, inside the caller's transaction. The
 * conditional update makes the link single-use even when two people click at once.
 */
export async function acceptInvitationTx(
  tx: Prisma.TransactionClient,
  token: string,
  user: { id: string; email: string },
  client?: ClientInfo,
) {
  const inv = await tx.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, organizationId: true, role: true, acceptedAt: true, revokedAt: true, expiresAt: true, organization: { select: { slug: true, name: true } } },
  });
  const problem = invitationProblem(inv);
  if (problem || !inv) throw new AppError("validation", problem ?? INVALID, { field: "token" });
  const existing = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: inv.organizationId, userId: user.id } },
    select: { id: true },
  });
  if (existing) throw conflict(`You are already a member of ${inv.organization.name}.`, "token");
  const { count } = await tx.invitation.updateMany({
    where: { id: inv.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date(), acceptedById: user.id },
  });
  if (count !== 1) throw new AppError("validation", "This invitation has already been used. Ask for a new one.", { field: "token" });
  // Two invitations to one person accepted at once: the unique index decides, and the loser gets words, not a 500.
  const m = await tx.membership
    .create({ data: { organizationId: inv.organizationId, userId: user.id, role: inv.role, restrictConnections: inv.role === "CLIENT_APPROVER" }, select: { id: true, role: true } })
    .catch((e: unknown) => {
      throw isUniqueViolation(e) ? conflict(`You are already a member of ${inv.organization.name}.`, "token") : e;
    });
  await recordAudit(
    {
      organizationId: inv.organizationId,
      action: "member.joined",
      actor: user,
      target: { type: "member", id: m.id, label: user.email },
      metadata: { role: inv.role, invitationId: inv.id },
      client,
    },
    tx,
  );
  return { organization: inv.organization, role: m.role };
}

export function acceptInvitation(token: string, user: { id: string; email: string }, client?: ClientInfo) {
  return db.$transaction((tx) => acceptInvitationTx(tx, token, user, client));
}
