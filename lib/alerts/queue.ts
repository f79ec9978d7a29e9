import { now as clockNow } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { JOBS } from "@/lib/jobs/definitions";
import { alertQueue } from "@/lib/jobs/queues";

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
