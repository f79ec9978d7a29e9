import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { forbidden } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { allowedConnectionIds } from "@/lib/tenancy/scope";

export const ALERTS_NEED_ALL_CONNECTIONS = "Alerts span every connection, so members and tokens limited to some connections cannot manage them.";

/** Alerts are organisation-wide (rules name any connection, messages quote any review): only callers who see every connection manage them. */
export async function seesEveryConnection(ctx: OrgContext) {
  return (await allowedConnectionIds(ctx)) === "all";
}

export async function assertSeesEveryConnection(ctx: OrgContext) {
  if (!(await seesEveryConnection(ctx))) throw forbidden(ALERTS_NEED_ALL_CONNECTIONS);
}

/** Whether the runtime knows an IANA zone ("Europe/Berlin"); unknown names throw in Intl. */
export function knownTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ZAlertSettings = z
  .object({
    timeZone: z
      .string({ message: "Give a time zone, such as Europe/Berlin." })
      .trim()
      .min(1, "Give a time zone, such as Europe/Berlin.")
      .max(64, "A time zone is at most 64 characters.")
      .refine(knownTimeZone, "Not a time zone this server knows; use an IANA name such as Europe/Berlin or America/New_York."),
  })
  .strict();

export async function alertSettings(ctx: OrgContext) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timeZone: true } });
  return { settings: org };
}

/** The organisation's time zone, in which quiet hours and digest periods are read. */
export async function updateAlertSettings(ctx: OrgContext, input: z.output<typeof ZAlertSettings>) {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timeZone: true } });
    const org = await tx.organization.update({ where: { id: ctx.orgId }, data: { timeZone: input.timeZone }, select: { timeZone: true } });
    if (before.timeZone !== org.timeZone) {
      await recordAudit({ organizationId: ctx.orgId, action: "alert_settings.updated", actor: ctx.actor, target: { type: "organization", id: ctx.orgId, label: ctx.org.name }, metadata: { timeZone: { from: before.timeZone, to: org.timeZone } }, client: ctx.client }, tx);
    }
    return { settings: org };
  });
}
