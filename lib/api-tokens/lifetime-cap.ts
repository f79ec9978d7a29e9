import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { announceTokenChange } from "./token-cache";

const DAY_MS = 86_400_000;

/**
 * Sets the organisation's cap on token lifetime (null: none). Lowering it shortens every live
 * token that would outlive the cap to creation + cap, so a token older than the cap stops at once.
 */
export async function setApiTokenLifetimeCap(ctx: OrgContext, days: number | null) {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { apiTokenMaxLifetimeDays: true } });
    await tx.organization.update({ where: { id: ctx.orgId }, data: { apiTokenMaxLifetimeDays: days } });
    if (before.apiTokenMaxLifetimeDays !== days) {
      await recordAudit(
        {
          organizationId: ctx.orgId,
          action: "org.api_token_lifetime_changed",
          actor: ctx.actor,
          target: { type: "organization", id: ctx.orgId, label: ctx.org.name },
          metadata: { from: before.apiTokenMaxLifetimeDays, to: days },
          client: ctx.client,
        },
        tx,
      );
    }
    let shortened = 0;
    if (days !== null) {
      const live = await tx.apiToken.findMany({
        where: { organizationId: ctx.orgId, revokedAt: null },
        select: { id: true, name: true, createdAt: true, expiresAt: true },
      });
      for (const t of live) {
        const capped = new Date(t.createdAt.getTime() + days * DAY_MS);
        if (t.expiresAt && t.expiresAt <= capped) continue;
        await tx.apiToken.update({ where: { id: t.id }, data: { expiresAt: capped } });
        await recordAudit(
          {
            organizationId: ctx.orgId,
            action: "api_token.expiry_capped",
            actor: ctx.actor,
            target: { type: "api_token", id: t.id, label: t.name },
            metadata: { from: t.expiresAt?.toISOString() ?? null, to: capped.toISOString(), capDays: days },
            client: ctx.client,
          },
          tx,
        );
        shortened++;
      }
    }
    if (shortened) await announceTokenChange({ orgId: ctx.orgId });
    return { apiTokenMaxLifetimeDays: days, tokensShortened: shortened };
  });
}
