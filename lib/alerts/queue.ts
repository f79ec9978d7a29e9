import { randomUUID } from "node:crypto";
import { now as clockNow, nowDate } from "@/lib/clock";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { JOBS } from "@/lib/jobs/definitions";
import { alertQueue } from "@/lib/jobs/queues";
import type { OrgContext } from "@/lib/tenancy/context";

export type DueDelivery = { organizationId: string; id: string; dueAt: number };

/**
 * Queues deliveries, each as the job whose id is the delivery's: queueing one twice adds
 * nothing, so a sync run twice, or the sweep, never sends a delivery twice.
 */
export async function queueDeliveries(due: DueDelivery[]) {
  if (!due.length) return;
  const at = clockNow();
  await alertQueue().addBulk(
    due.map((d) => ({
      name: "deliver-alert",
      data: JOBS["deliver-alert"].parse({ organizationId: d.organizationId, deliveryId: d.id }),
      opts: { jobId: `alert.${d.id}`, delay: Math.max(0, d.dueAt - at) },
    })),
  );
}

/**
 * Deliveries that are due and still PENDING are queued again: a process that stopped between
 * writing them and queueing them leaves them so. A delivery whose job exists is left to it.
 */
export async function sweepAlerts() {
  const stale = await db.alertDelivery.findMany({
    where: { status: "PENDING", dueAt: { lt: new Date(clockNow() - 60_000) } },
    select: { id: true, organizationId: true, dueAt: true },
    orderBy: { dueAt: "asc" },
    take: 1000,
  });
  let requeued = 0;
  for (const d of stale) {
    const job = await alertQueue().getJob(`alert.${d.id}`);
    if (job && !(await job.isCompleted()) && !(await job.isFailed())) continue;
    if (job) await job.remove().catch(() => undefined);
    await queueDeliveries([{ organizationId: d.organizationId, id: d.id, dueAt: d.dueAt.getTime() }]);
    requeued++;
  }
  return { requeued };
}

/** "Send a test": a message saying the channel is set up, through the same queue, log and retries. */
export async function sendTestAlert(ctx: OrgContext, channelId: string) {
  const channel = await db.alertChannel.findFirst({ where: { id: channelId, organizationId: ctx.orgId }, select: { id: true, name: true } });
  if (!channel) throw notFound("Channel");
  const d = await db.$transaction(async (tx) => {
    const row = await tx.alertDelivery.create({
      data: { organizationId: ctx.orgId, channelId, dedupeKey: `test:${randomUUID()}`, eventIds: [], dueAt: nowDate() },
      select: { id: true, dueAt: true },
    });
    await recordAudit({ organizationId: ctx.orgId, action: "alert_channel.tested", actor: ctx.actor, target: { type: "alert_channel", id: channelId, label: channel.name }, metadata: { deliveryId: row.id }, client: ctx.client }, tx);
    return row;
  });
  await queueDeliveries([{ organizationId: ctx.orgId, id: d.id, dueAt: d.dueAt.getTime() }]);
  return { deliveryId: d.id };
}

/** "Replay": the same events sent again to the same channel, as a new delivery (with its own idempotency key). */
export async function replayDelivery(ctx: OrgContext, deliveryId: string) {
  const original = await db.alertDelivery.findFirst({ where: { id: deliveryId, organizationId: ctx.orgId }, select: { channelId: true, ruleId: true, eventIds: true, dedupeKey: true, channel: { select: { name: true } } } });
  if (!original) throw notFound("Delivery");
  const d = await db.$transaction(async (tx) => {
    const row = await tx.alertDelivery.create({
      data: {
        organizationId: ctx.orgId, channelId: original.channelId, ruleId: original.ruleId, eventIds: original.eventIds, dueAt: nowDate(),
        // A replayed test is still a test.
        dedupeKey: `${original.dedupeKey.startsWith("test:") ? "test" : "replay"}:${randomUUID()}`,
      },
      select: { id: true, dueAt: true },
    });
    await recordAudit({ organizationId: ctx.orgId, action: "alert_delivery.replayed", actor: ctx.actor, target: { type: "alert_channel", id: original.channelId, label: original.channel.name }, metadata: { deliveryId, replayId: row.id }, client: ctx.client }, tx);
    return row;
  });
  await queueDeliveries([{ organizationId: ctx.orgId, id: d.id, dueAt: d.dueAt.getTime() }]);
  return { deliveryId: d.id };
}

/** The delivery log of a channel, newest first: each delivery with its tries and their status codes. */
export async function listDeliveries(ctx: OrgContext, opts: { channelId?: string; limit?: number } = {}) {
  const rows = await db.alertDelivery.findMany({
    where: { organizationId: ctx.orgId, ...(opts.channelId ? { channelId: opts.channelId } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(opts.limit ?? 50, 200),
    select: { id: true, channelId: true, ruleId: true, dedupeKey: true, eventIds: true, status: true, dueAt: true, attempts: true, lastStatusCode: true, lastError: true, sentAt: true, createdAt: true, log: { orderBy: { at: "asc" }, select: { at: true, statusCode: true, error: true, ms: true } } },
  });
  return {
    deliveries: rows.map((d) => ({
      id: d.id, channelId: d.channelId, ruleId: d.ruleId, kind: d.dedupeKey.split(":")[0], events: d.eventIds.length, status: d.status, attempts: d.attempts,
      lastStatusCode: d.lastStatusCode, lastError: d.lastError, dueAt: d.dueAt.toISOString(), sentAt: d.sentAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(),
      log: d.log.map((l) => ({ at: l.at.toISOString(), statusCode: l.statusCode, error: l.error, ms: l.ms })),
    })),
  };
}
