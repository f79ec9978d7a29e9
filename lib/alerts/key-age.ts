import { now as clockNow } from "@/lib/clock";
import { isoDay } from "@/lib/dates";
import { db } from "@/lib/db/client";
import { getRedis, redisKey } from "@/lib/redis";
import { queueDeliveries } from "./queue";
import { raiseKeyAgeAlerts, type KeyInUse } from "./raise";

/**
 * Since when each of an organisation's connections uses its key: when the connection was
 * added, or when its key (or Issuer ID) was last replaced, as the audit log records it.
 */
export async function keysInUse(organizationId: string): Promise<KeyInUse[]> {
  const conns = await db.connection.findMany({ where: { organizationId }, select: { id: true, createdAt: true } });
  if (!conns.length) return [];
  const replaced = await db.auditEvent.findMany({
    where: { organizationId, action: "connection.key_replaced", targetType: "connection", targetId: { in: conns.map((c) => c.id) } },
    orderBy: { createdAt: "desc" },
    select: { targetId: true, createdAt: true },
  });
  const last = new Map<string, Date>();
  for (const r of replaced) if (r.targetId && !last.has(r.targetId)) last.set(r.targetId, r.createdAt);
  return conns.map((c) => ({ connectionId: c.id, since: last.get(c.id) ?? c.createdAt }));
}

/** Key-age alerts of every organisation that has such a rule, as of `at`; each key alerts once per rule and crossing. */
export async function checkKeyAges(at = clockNow()) {
  const orgs = await db.alertRule.findMany({ where: { kind: "KEY_AGE", enabled: true }, select: { organizationId: true }, distinct: ["organizationId"] });
  let deliveries = 0;
  for (const { organizationId } of orgs) {
    const keys = await keysInUse(organizationId);
    const due = await db.$transaction((tx) => raiseKeyAgeAlerts(tx, organizationId, keys, at));
    await queueDeliveries(due).catch(() => undefined);
    deliveries += due.length;
  }
  return { organizations: orgs.length, deliveries };
}

/**
 * The daily pass of the alert sweep: the first sweep of each day (UTC, on the product's
 * clock) checks the keys' ages; later sweeps that day find the day taken and do nothing.
 * Null when it was not this sweep's turn.
 */
export async function dailyKeyAgeCheck() {
  const at = clockNow();
  const key = redisKey("alerts", "key-age", isoDay(at));
  if ((await getRedis().set(key, "1", "EX", 2 * 86_400, "NX")) !== "OK") return null;
  try {
    return await checkKeyAges(at);
  } catch (e) {
    // The next sweep tries again.
    await getRedis().del(key).catch(() => undefined);
    throw e;
  }
}
