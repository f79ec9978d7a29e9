import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { now as clockNow, nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { AppError, conflict, forbidden, invalid, notFound } from "@/lib/errors";
import type { ChangeSetStatus, Prisma } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/jobs/queues";
import { visibleApp } from "@/lib/metadata/grid";
import { pushDrafts, type PushReport } from "@/lib/metadata/push";
import { itemsDigest, itemsOf, lockApp, lockSet, OPEN, type ChangeItem } from "./state";
import { actorLabel } from "@/lib/tenancy/actor";
import { orgContext, type OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { raiseChangeSetAlerts } from "@/lib/alerts/raise";
import { queueDeliveries } from "@/lib/alerts/queue";

/**
 * Change sets: an app's drafts submitted together for approval. Where approval is on (for the
 * organisation or the app's connection), drafts reach App Store Connect only as an approved
 * set, and only with exactly the values approved: a draft edited after approval sends its set
 * back for approval.
 */

export const ZSubmit = z
  .object({
    draftIds: z.array(z.string().min(1).max(64)).min(1, "Choose at least one draft.").max(1000, "At most 1000 drafts.").optional().describe("The drafts to submit; all of the app's drafts not already in an open set when absent"),
    note: z.string().trim().max(2000, "A note is at most 2000 characters.").optional(),
    scheduledFor: z.iso.datetime({ message: "scheduledFor is a date and time such as 2026-12-24T09:00:00Z.", offset: true }).nullable().optional().describe("Push by itself at this time once approved"),
  })
  .strict();

export const ZDecision = z
  .object({
    decision: z.enum(["approve", "reject"], { message: "decision must be approve or reject." }),
    comment: z.string().trim().max(2000, "A comment is at most 2000 characters.").optional(),
    digest: z.string({ message: "Send the digest of the change set you reviewed." }).min(1, "Send the digest of the change set you reviewed.").max(64),
  })
  .strict()
  .refine((v) => v.decision === "approve" || (v.comment ?? "").length > 0, { message: "Say why the change set is rejected.", path: ["comment"] });

/** The member's user id; a token or the schedule is recorded by its label alone. */
const memberId = (ctx: OrgContext) => (ctx.actor.kind === "member" ? ctx.actor.userId : null);

const select = {
  id: true, status: true, note: true, items: true, appId: true, connectionId: true, submittedByEmail: true, decidedByEmail: true, decisionComment: true, decidedAt: true,
  scheduledFor: true, pushedAt: true, pushReport: true, createdAt: true, updatedAt: true, app: { select: { name: true } }, connection: { select: { name: true } },
} as const;
type Row = Prisma.ChangeSetGetPayload<{ select: typeof select }>;

export function changeSetJson(r: Row) {
  const items = itemsOf(r.items);
  return {
    id: r.id, status: r.status, note: r.note, app: { id: r.appId, name: r.app.name }, connection: { id: r.connectionId, name: r.connection.name },
    items: items.map((i) => ({ draftId: i.draftId, locale: i.locale, field: i.field, before: i.baseValue, after: i.value })), digest: itemsDigest(items),
    submittedBy: r.submittedByEmail, decidedBy: r.decidedByEmail, decisionComment: r.decisionComment, decidedAt: r.decidedAt?.toISOString() ?? null,
    scheduledFor: r.scheduledFor?.toISOString() ?? null, pushedAt: r.pushedAt?.toISOString() ?? null, pushReport: (r.pushReport as PushReport | null) ?? null,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

/** A set the caller may see (its connection is theirs), or not_found. */
async function visibleSet(ctx: OrgContext, id: string) {
  const row = await db.changeSet.findFirst({ where: { AND: [await connectionScopedWhere(ctx), { id }] }, select });
  if (!row) throw notFound("Change set");
  return row;
}

export async function listChangeSets(ctx: OrgContext, q: { status?: ChangeSetStatus; appId?: string } = {}) {
  const rows = await db.changeSet.findMany({
    where: { AND: [await connectionScopedWhere(ctx), q.status ? { status: q.status } : {}, q.appId ? { appId: q.appId } : {}] },
    select,
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  // Waiting ones first, then the rest newest first.
  const rank = (s: ChangeSetStatus) => (s === "PENDING" ? 0 : s === "APPROVED" ? 1 : 2);
  return { changeSets: rows.map(changeSetJson).sort((a, b) => rank(a.status) - rank(b.status)) };
}

export async function getChangeSet(ctx: OrgContext, id: string) {
  return { changeSet: changeSetJson(await visibleSet(ctx, id)) };
}

const audit = (ctx: OrgContext, action: Parameters<typeof recordAudit>[0]["action"], set: { id: string; appId: string; connectionId: string; appName: string }, extra: Record<string, unknown>, tx: Prisma.TransactionClient) =>
  recordAudit({ organizationId: ctx.orgId, action, actor: ctx.actor, target: { type: "app", id: set.appId, label: set.appName }, metadata: { connectionId: set.connectionId, changeSetId: set.id, ...extra }, client: ctx.client }, tx);

/** Submits drafts of an app for approval, with a note; raises the change-set-waiting alerts in the same transaction. */
export async function submitChangeSet(ctx: OrgContext, appId: string, input: z.output<typeof ZSubmit>) {
  const app = await visibleApp(ctx, appId);
  const scheduledFor = input.scheduledFor ? new Date(input.scheduledFor) : null;
  if (scheduledFor && scheduledFor.getTime() <= nowDate().getTime()) throw invalid("scheduledFor", "Choose a time in the future.");
  const created = await db.$transaction(async (tx) => {
    await lockApp(tx, app.id);
    const drafts = await tx.metadataDraft.findMany({
      where: { organizationId: ctx.orgId, appId: app.id, ...(input.draftIds ? { id: { in: input.draftIds } } : { OR: [{ changeSetId: null }, { changeSet: { status: { notIn: OPEN } } }] }) },
      select: { id: true, localizationId: true, locale: true, field: true, baseValue: true, value: true, changeSet: { select: { id: true, status: true } } },
      orderBy: [{ locale: "asc" }, { field: "asc" }],
    });
    if (input.draftIds) {
      const missing = input.draftIds.find((id) => !drafts.some((d) => d.id === id));
      if (missing) throw invalid("draftIds", `No draft ${missing} of this app.`);
    }
    if (!drafts.length) throw invalid("draftIds", "There are no drafts to submit.");
    const taken = drafts.find((d) => d.changeSet && OPEN.includes(d.changeSet.status));
    if (taken) throw conflict(`The ${taken.locale} ${taken.field} draft is already in a change set waiting to be approved or pushed; withdraw that set first.`, "draftIds");
    const items: ChangeItem[] = drafts.map((d) => ({ draftId: d.id, localizationId: d.localizationId, locale: d.locale, field: d.field, baseValue: d.baseValue, value: d.value }));
    const set = await tx.changeSet.create({
      data: {
        organizationId: ctx.orgId, connectionId: app.connectionId, appId: app.id, note: input.note || null, items, scheduledFor,
        submittedById: memberId(ctx), submittedByEmail: actorLabel(ctx.actor), createdAt: nowDate(),
      },
      select: { id: true },
    });
    await tx.metadataDraft.updateMany({ where: { id: { in: drafts.map((d) => d.id) } }, data: { changeSetId: set.id } });
    const ref = { id: set.id, appId: app.id, connectionId: app.connectionId, appName: app.name };
    await audit(ctx, "change_set.submitted", ref, { fields: items.map((i) => `${i.locale} ${i.field}`), note: input.note ?? null }, tx);
    const due = await raiseChangeSetAlerts(tx, {
      organizationId: ctx.orgId, connectionId: app.connectionId, appId: app.id, changeSetId: set.id, appName: app.name, submittedBy: actorLabel(ctx.actor), note: input.note ?? null,
      path: `/o/${ctx.org.slug}/change-sets/${set.id}`,
    });
    return { ...set, due };
  });
  // A queue that fails here is caught up by the alert sweep, which queues due deliveries again.
  await queueDeliveries(created.due ?? []).catch(() => undefined);
  return getChangeSet(ctx, created.id);
}

/**
 * Approves or rejects a waiting set. The decision names the digest of the set the approver
 * reviewed: a set that changed since (a draft edited) answers 409 and must be reviewed again.
 * A rejected set lets its drafts go back to being drafts.
 */
export async function decideChangeSet(ctx: OrgContext, id: string, input: z.output<typeof ZDecision>) {
  const set = await visibleSet(ctx, id);
  const approve = input.decision === "approve";
  const decidedAt = nowDate();
  await db.$transaction(async (tx) => {
    // The row is locked: a reset, a withdrawal or another decision waits, then sees this one.
    await lockSet(tx, set.id);
    const row = await tx.changeSet.findFirstOrThrow({ where: { id: set.id, organizationId: ctx.orgId }, select: { status: true, items: true } });
    if (row.status !== "PENDING") throw conflict(`This change set is ${row.status.toLowerCase()}; only a waiting one can be decided.`, "decision");
    if (itemsDigest(itemsOf(row.items)) !== input.digest) throw conflict("This change set changed since you opened it (a draft was edited). Review it again.", "digest");
    await tx.changeSet.update({
      where: { id: set.id },
      data: { status: approve ? "APPROVED" : "REJECTED", decidedById: memberId(ctx), decidedByEmail: actorLabel(ctx.actor), decisionComment: input.comment || null, decidedAt },
    });
    if (!approve) await tx.metadataDraft.updateMany({ where: { changeSetId: set.id, organizationId: ctx.orgId }, data: { changeSetId: null } });
    await audit(ctx, approve ? "change_set.approved" : "change_set.rejected", { id: set.id, appId: set.appId, connectionId: set.connectionId, appName: set.app.name }, { comment: input.comment ?? null }, tx);
  });
  // A queue that fails here is caught up by the sweep, which queues approved sets that are due.
  if (approve && set.scheduledFor) await scheduleChangeSetPush(ctx.orgId, set.id, set.scheduledFor, decidedAt).catch(() => undefined);
  return getChangeSet(ctx, set.id);
}

/** The submitter, or anyone who may submit, takes a waiting or approved set back; its drafts stay drafts. */
export async function withdrawChangeSet(ctx: OrgContext, id: string) {
  const set = await visibleSet(ctx, id);
  await db.$transaction(async (tx) => {
    await lockSet(tx, set.id);
    const { count } = await tx.changeSet.updateMany({ where: { id: set.id, organizationId: ctx.orgId, status: { in: OPEN } }, data: { status: "WITHDRAWN" } });
    if (count === 0) throw conflict(`This change set is ${set.status.toLowerCase()}; only a waiting or approved one can be withdrawn.`, "status");
    await tx.metadataDraft.updateMany({ where: { changeSetId: set.id, organizationId: ctx.orgId }, data: { changeSetId: null } });
    await audit(ctx, "change_set.withdrawn", { id: set.id, appId: set.appId, connectionId: set.connectionId, appName: set.app.name }, {}, tx);
  });
  return getChangeSet(ctx, set.id);
}

/**
 * Pushes an approved set: exactly its drafts, and only while each still holds the value that
 * was approved (a set whose drafts changed is back waiting and refused here). What App Store
 * Connect refuses, or a conflict, stays a draft outside the set, to be submitted again.
 */
export async function pushChangeSet(ctx: OrgContext, id: string) {
  const set = await visibleSet(ctx, id);
  const refusal = (status: ChangeSetStatus) =>
    forbidden(status === "PENDING" ? "This change set is waiting for approval; only an approved set can be pushed." : `This change set is ${status.toLowerCase()}; only an approved set can be pushed.`);
  if (set.status !== "APPROVED") throw refusal(set.status);
  const items = itemsOf(set.items);
  // Checked under the app's push lock against the very values about to be sent: a set pushed
  // meanwhile (by hand or on schedule), or a draft edited since approval, is refused.
  const approved = async (drafts: { id: string; value: string; baseValue: string | null }[]) => {
    const now = await db.changeSet.findFirstOrThrow({ where: { id: set.id, organizationId: ctx.orgId }, select: { status: true, items: true } });
    if (now.status !== "APPROVED") throw refusal(now.status);
    const approvedItems = itemsOf(now.items);
    const intact = approvedItems.length === drafts.length && approvedItems.every((i) => drafts.some((d) => d.id === i.draftId && d.value === i.value && d.baseValue === i.baseValue));
    if (!intact) throw forbidden("A draft of this change set changed after it was approved; it needs approval again.");
  };
  const report = await pushDrafts(ctx, set.appId, { draftIds: items.map((i) => i.draftId) }, { approved });
  await db.$transaction(async (tx) => {
    // What was sent was approved; a reset during the push (a draft edited after it was read) leaves that draft to a new set.
    await tx.changeSet.update({ where: { id: set.id }, data: { status: "PUSHED", pushedAt: nowDate(), pushReport: report as unknown as Prisma.InputJsonValue } });
    await tx.metadataDraft.updateMany({ where: { changeSetId: set.id, organizationId: ctx.orgId }, data: { changeSetId: null } });
    await audit(ctx, "change_set.pushed", { id: set.id, appId: set.appId, connectionId: set.connectionId, appName: set.app.name }, { pushed: report.pushed.length, conflicts: report.conflicts.length, failed: report.failed.length }, tx);
  });
  return { changeSet: (await getChangeSet(ctx, set.id)).changeSet, report };
}

/** A scheduled push: a job due at the set's time, one per approval (a set approved again after a reset gets a new one). */
async function scheduleChangeSetPush(organizationId: string, changeSetId: string, at: Date, decidedAt: Date) {
  await enqueue("push-change-set", { organizationId, changeSetId }, { jobId: `change-set.${changeSetId}.${decidedAt.getTime()}`, delay: Math.max(0, at.getTime() - clockNow()) });
}

/** Approved sets whose time has come and that are still not pushed are queued again (their job's id is their approval's, so a queued one is not doubled). */
export async function sweepScheduledChangeSets() {
  const due = await db.changeSet.findMany({
    where: { status: "APPROVED", scheduledFor: { lt: new Date(clockNow() - 60_000) }, decidedAt: { not: null } },
    select: { id: true, organizationId: true, scheduledFor: true, decidedAt: true },
    take: 200,
  });
  for (const s of due) await scheduleChangeSetPush(s.organizationId, s.id, s.scheduledFor!, s.decidedAt!);
  return { changeSetsQueued: due.length };
}

/** The scheduled push of an approved set, acting as the schedule (recorded as such in the audit log). */
export async function pushScheduledChangeSet(organizationId: string, changeSetId: string) {
  const set = await db.changeSet.findFirst({ where: { id: changeSetId, organizationId }, select: { status: true, decidedByEmail: true, organization: { select: { id: true, name: true, slug: true } } } });
  if (!set || set.status !== "APPROVED") return { skipped: set ? `change set is ${set.status.toLowerCase()}` : "change set deleted" };
  const ctx = orgContext({ operator: { name: `Scheduled push (approved by ${set.decidedByEmail ?? "an approver"})` }, org: set.organization }, { ip: "local", userAgent: "scheduled-push" });
  try {
    const { report } = await pushChangeSet(ctx, changeSetId);
    return { pushed: report.pushed.length, conflicts: report.conflicts.length, failed: report.failed.length };
  } catch (e) {
    // A set whose drafts changed waits for approval again: nothing to retry.
    if (e instanceof AppError && e.code === "forbidden") return { skipped: e.message };
    throw e;
  }
}
