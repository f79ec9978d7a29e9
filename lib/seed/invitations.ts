import { hashToken, randomToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";

/**
 * An invitation link of the organisation, stored as createInvitation stores it (only the
 * secret's hash). `expiresAt` may lie in the past: a link that ran out while nobody used it.
 */
export async function makeInvitation(organizationId: string, opts: { role: Role; createdById?: string; email?: string; expiresAt?: Date }) {
  const token = randomToken();
  const row = await db.invitation.create({
    data: {
      organizationId,
      role: opts.role,
      email: opts.email,
      tokenHash: hashToken(token),
      createdById: opts.createdById,
      expiresAt: opts.expiresAt ?? new Date(Date.now() + env.INVITATION_TTL_HOURS * 3600_000),
    },
    select: { id: true, role: true, expiresAt: true },
  });
  return { ...row, token };
}
