import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { actorColumns, actorLabel } from "@/lib/tenancy/actor";
import type { Actor } from "@/lib/tenancy/context";
import type { AuditAction } from "./actions";

type Tx = Pick<typeof db, "auditEvent">;

export type AuditInput = {
  /**
   * The organisation the event belongs to; its audit log shows it. Null for account events
   * (sign-ins, password changes): those are shown to the actor alone, on their account page.
   */
  organizationId: string | null;
  action: AuditAction;
  /** Who acted: an organisation's actor (member, API token, operator), or a user on their account. */
  actor?: Actor | { id: string; email: string } | null;
  /** For failed sign-ins, the email that was tried. */
  actorEmail?: string;
  target?: { type: string; id?: string; label?: string };
  metadata?: Prisma.InputJsonValue;
  client?: ClientInfo;
};

/** The row an audit event is stored as. */
export function auditRow(input: AuditInput): Prisma.AuditEventCreateManyInput {
  const a = input.actor;
  const who = !a
    ? { actorId: null, actorTokenId: null, actorEmail: input.actorEmail ?? null }
    : "kind" in a
      ? { ...actorColumns(a, "actor"), actorEmail: actorLabel(a) }
      : { actorId: a.id, actorTokenId: null, actorEmail: a.email };
  return {
    organizationId: input.organizationId,
    action: input.action,
    ...who,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    targetLabel: input.target?.label ?? null,
    metadata: input.metadata,
    ip: input.client?.ip ?? null,
    userAgent: input.client?.userAgent ?? null,
  };
}

/** Records one audit event; pass the transaction client to make it part of the change it describes. */
export async function recordAudit(input: AuditInput, tx: Tx = db) {
  await tx.auditEvent.create({ data: auditRow(input) });
}
