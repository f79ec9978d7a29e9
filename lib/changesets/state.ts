import { createHash } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { ChangeSetStatus, Prisma } from "@/lib/generated/prisma/client";
import { actorLabel } from "@/lib/tenancy/actor";
import type { OrgContext } from "@/lib/tenancy/context";

/**
 * What a change set holds and how it follows its drafts: the pieces the metadata editor and
 * the push need as well (kept apart from the change sets' operations, which push).
 */

export type ChangeItem = { draftId: string; localizationId: string; locale: string; field: string; baseValue: string | null; value: string };
export const OPEN: ChangeSetStatus[] = ["PENDING", "APPROVED"];

/** A fingerprint of what a set holds: an approval names the one it saw. */
export function itemsDigest(items: ChangeItem[]) {
  const canon = [...items].sort((a, b) => a.draftId.localeCompare(b.draftId)).map((i) => [i.draftId, i.localizationId, i.field, i.baseValue, i.value]);
  return createHash("sha256").update(JSON.stringify(canon)).digest("hex").slice(0, 32);
}


export const itemsOf = (v: Prisma.JsonValue) => (Array.isArray(v) ? (v as unknown as ChangeItem[]) : []);

/**
 * Drafts changed (saved, cleared, settled): each open set holding one of them now holds the
 * drafts as they are and waits for approval again; a set left with no drafts is withdrawn.
 * Call inside the transaction that changed them, with the sets read before the change.
 */
export async function resetChangeSets(tx: Prisma.TransactionClient, ctx: OrgContext, setIds: string[]) {
  for (const id of [...new Set(setIds)].sort()) {
    await lockSet(tx, id);
    const set = await tx.changeSet.findFirst({ where: { id, organizationId: ctx.orgId, status: { in: OPEN } }, select: { id: true, status: true, appId: true, connectionId: true, items: true, app: { select: { name: true } } } });
    if (!set) continue;
    const drafts = await tx.metadataDraft.findMany({ where: { changeSetId: id, organizationId: ctx.orgId }, select: { id: true, localizationId: true, locale: true, field: true, baseValue: true, value: true }, orderBy: [{ locale: "asc" }, { field: "asc" }] });
    const items: ChangeItem[] = drafts.map((d) => ({ draftId: d.id, localizationId: d.localizationId, locale: d.locale, field: d.field, baseValue: d.baseValue, value: d.value }));
    if (itemsDigest(items) === itemsDigest(itemsOf(set.items)) && set.status === "PENDING") continue;
    await tx.changeSet.update({
      where: { id },
      data: { items, status: items.length ? "PENDING" : "WITHDRAWN", decidedById: null, decidedByEmail: null, decisionComment: null, decidedAt: null },
    });
    if (set.status === "APPROVED") {
      await recordAudit({ organizationId: ctx.orgId, action: "change_set.reset", actor: ctx.actor, target: { type: "app", id: set.appId, label: set.app.name }, metadata: { connectionId: set.connectionId, changeSetId: id, by: actorLabel(ctx.actor) }, client: ctx.client }, tx);
    }
  }
}

/** Locks a change set's row for the rest of the transaction. */
export async function lockSet(tx: Prisma.TransactionClient, id: string) {
  await tx.$queryRaw`SELECT id FROM "ChangeSet" WHERE id = ${id} FOR UPDATE`;
}

/** Locks an app's row: submissions and draft edits of one app take turns, so a set never misses an edit made while it was being submitted. */
export async function lockApp(tx: Prisma.TransactionClient, appId: string) {
  await tx.$queryRaw`SELECT id FROM "SyncedApp" WHERE id = ${appId} FOR UPDATE`;
}

/** The open sets holding drafts of these fields, read before they change. */
export async function openSetsOf(tx: Prisma.TransactionClient, organizationId: string, fields: { localizationId: string; field: string }[]) {
  if (!fields.length) return [];
  const rows = await tx.metadataDraft.findMany({
    where: { organizationId, OR: fields.map((f) => ({ localizationId: f.localizationId, field: f.field })), changeSet: { status: { in: OPEN } } },
    select: { changeSetId: true },
  });
  return rows.flatMap((r) => (r.changeSetId ? [r.changeSetId] : []));
}

