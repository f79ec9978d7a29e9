import { nowDate } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Invitation mails one organisation may send in any hour, so a compromised admin cannot spam from this server. */
export const INVITATION_MAILS_PER_HOUR = 50;
const HOUR_MS = 3600_000;

/**
 * Refuses a mailed invitation once the organisation sent its hourly share, with the seconds
 * until the oldest mail of the hour falls out of the window. Call it under the organisation's
 * row lock, before creating the invitation, so nothing is left half-created.
 */
export async function assertInvitationMailBudgetTx(tx: Prisma.TransactionClient, organizationId: string) {
  const now = nowDate();
  const since = new Date(now.getTime() - HOUR_MS);
  const where = { organizationId, email: { not: null }, createdAt: { gt: since } };
  const sent = await tx.invitation.count({ where });
  if (sent < INVITATION_MAILS_PER_HOUR) return;
  const oldest = await tx.invitation.findFirst({ where, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  const retryAfterSeconds = Math.max(1, Math.ceil(((oldest?.createdAt.getTime() ?? now.getTime()) + HOUR_MS - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw new AppError(
    "rate_limited",
    `This organisation has sent ${INVITATION_MAILS_PER_HOUR} invitation mails in the last hour. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or create a link without an email.`,
    { field: "email", retryAfterSeconds },
  );
}
