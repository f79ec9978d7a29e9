import { randomUUID } from "node:crypto";
import { now as clockNow } from "@/lib/clock";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AlertCadence } from "@/lib/generated/prisma/enums";
import type { DueDelivery } from "./queue";
import { ZReviewFilters } from "./rules";

type Tx = Prisma.TransactionClient;
const MINUTE = 60_000;

/** The zone's name when Intl knows it, else UTC: a bad stored zone never stops a sync. */
function knownZone(timeZone: string) {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** Minutes after midnight, now, in a time zone. */
function localMinutes(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return n("hour") * 60 + n("minute");
}

/**
 * Moves an instant reached by adding wall-clock minutes so that it reads `target` minutes
 * after midnight locally: across a daylight-saving change the two differ by the shift.
 */
function onLocalMinute(at: number, timeZone: string, target: number) {
  const off = (target - localMinutes(at, timeZone) + 1440) % 1440;
  return off === 0 ? at : at + (off <= 720 ? off : off - 1440) * MINUTE;
}

/** When a delivery may go: now, or when the rule's quiet hours end (a window may pass midnight). */
export function afterQuietHours(at: number, timeZone: string, quiet: { from: number | null; to: number | null }) {
  if (quiet.from === null || quiet.to === null || quiet.from === quiet.to) return at;
  const m = localMinutes(at, timeZone);
  const inside = quiet.from < quiet.to ? m >= quiet.from && m < quiet.to : m >= quiet.from || m < quiet.to;
  if (!inside) return at;
  const wait = (quiet.to - m + 1440) % 1440;
  return onLocalMinute(Math.floor(at / MINUTE) * MINUTE + wait * MINUTE, timeZone, quiet.to);
}

/** A digest's period (its key, and when it ends): the UTC hour, or the day in the organisation's time zone. */
export function digestPeriod(at: number, cadence: Exclude<AlertCadence, "IMMEDIATE">, timeZone: string) {
  if (cadence === "HOURLY") {
    const start = Math.floor(at / (60 * MINUTE)) * 60 * MINUTE;
    return { key: new Date(start).toISOString().slice(0, 13), endsAt: start + 60 * MINUTE };
  }
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
  const m = localMinutes(at, timeZone);
  return { key: day, endsAt: onLocalMinute(Math.floor(at / MINUTE) * MINUTE + (1440 - m) * MINUTE, timeZone, 0) };
}

export type NewReview = { id: string; appId: string; rating: number; title: string | null; body: string | null; territory: string | null; reviewerNickname: string | null; createdDate: Date };

const stars = (n: number) => "★".repeat(n) + "☆".repeat(Math.max(0, 5 - n));

/**
 * Raises the alerts of reviews a sync has just stored, in the sync's own transaction: one
 * event per rule and review (a review seen by two syncs, or two workers, is one event) and
 * one delivery per channel, or a place in the channel's digest for the period. Only reviews
 * written at most a week before the rule was made alert, so turning a rule on (or a deep
 * pass finding old reviews) does not send the back catalogue. Answers the deliveries to
 * queue once the transaction has committed.
 */
export async function raiseReviewAlerts(tx: Tx, scope: { organizationId: string; connectionId: string; appName: string }, reviews: NewReview[]) {
  if (!reviews.length) return [];
  const rules = await tx.alertRule.findMany({
    where: { organizationId: scope.organizationId, kind: "NEW_REVIEW", enabled: true },
    select: { id: true, name: true, connectionIds: true, appIds: true, filters: true, cadence: true, quietFrom: true, quietTo: true, createdAt: true, channels: { select: { channelId: true } }, organization: { select: { timeZone: true, slug: true } } },
  });
  const due: DueDelivery[] = [];
  const at = clockNow();
  for (const rule of rules) {
    if (rule.connectionIds.length && !rule.connectionIds.includes(scope.connectionId)) continue;
    // A rule whose stored filters no longer read is skipped, never allowed to stop the sync.
    const parsed = ZReviewFilters.safeParse(rule.filters ?? {});
    if (!parsed.success) continue;
    const f = parsed.data;
    const words = f.words.map((w) => w.toLowerCase());
    const matches = reviews.filter(
      (r) =>
        (!rule.appIds.length || rule.appIds.includes(r.appId)) &&
        (!f.ratings.length || f.ratings.includes(r.rating)) &&
        (!f.territories.length || (r.territory !== null && f.territories.includes(r.territory))) &&
        (!words.length || words.some((w) => `${r.title ?? ""}\n${r.body ?? ""}`.toLowerCase().includes(w))) &&
        r.createdDate.getTime() >= rule.createdAt.getTime() - 7 * 24 * 60 * MINUTE,
    );
    if (!matches.length) continue;
    const events = await tx.alertEvent.createManyAndReturn({
      data: matches.map((r) => ({
        organizationId: scope.organizationId,
        ruleId: rule.id,
        subjectKey: `review:${r.id}`,
        title: `${stars(r.rating)} ${r.title?.trim() || "A review"} (${scope.appName}${r.territory ? `, ${r.territory}` : ""})`,
        text: `${(r.body ?? "").trim().slice(0, 1500)}${r.reviewerNickname ? `\n— ${r.reviewerNickname}` : ""}`,
        path: `/o/${rule.organization.slug}/reviews?app=${r.appId}`,
        data: { reviewId: r.id, appId: r.appId, connectionId: scope.connectionId, rating: r.rating, territory: r.territory, createdDate: r.createdDate.toISOString() },
        occurredAt: r.createdDate,
      })),
      skipDuplicates: true,
      select: { id: true },
    });
    if (!events.length) continue;
    const tz = knownZone(rule.organization.timeZone);
    for (const { channelId } of rule.channels) {
      if (rule.cadence === "IMMEDIATE") {
        const dueAt = afterQuietHours(at, tz, { from: rule.quietFrom, to: rule.quietTo });
        const made = await tx.alertDelivery.createManyAndReturn({
          data: events.map((e) => ({ organizationId: scope.organizationId, channelId, ruleId: rule.id, dedupeKey: `event:${e.id}`, eventIds: [e.id], dueAt: new Date(dueAt) })),
          skipDuplicates: true,
          select: { id: true },
        });
        due.push(...made.map((d) => ({ organizationId: scope.organizationId, id: d.id, dueAt })));
      } else {
        const period = digestPeriod(at, rule.cadence, tz);
        const dueAt = afterQuietHours(period.endsAt, tz, { from: rule.quietFrom, to: rule.quietTo });
        // One delivery per channel and period, gathering the period's events until it goes.
        const rows = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO "AlertDelivery" ("id", "organizationId", "channelId", "ruleId", "dedupeKey", "eventIds", "status", "dueAt", "attempts", "createdAt")
          VALUES (${`ad_${randomUUID().replace(/-/g, "")}`}, ${scope.organizationId}, ${channelId}, ${rule.id}, ${`digest:${rule.id}:${period.key}`}, ${events.map((e) => e.id)}::text[], 'PENDING', ${new Date(dueAt)}, 0, ${new Date(at)})
          ON CONFLICT ("channelId", "dedupeKey") DO UPDATE SET "eventIds" = "AlertDelivery"."eventIds" || EXCLUDED."eventIds"
          WHERE "AlertDelivery"."status" = 'PENDING'
          RETURNING "id"`;
        due.push(...rows.map((d) => ({ organizationId: scope.organizationId, id: d.id, dueAt })));
        if (!rows.length) {
          // The period's digest has gone already: these events go on their own, at once.
          const late = await tx.alertDelivery.create({
            data: { organizationId: scope.organizationId, channelId, ruleId: rule.id, dedupeKey: `digest:${rule.id}:${period.key}:late:${events[0].id}`, eventIds: events.map((e) => e.id), dueAt: new Date(at) },
            select: { id: true },
          });
          due.push({ organizationId: scope.organizationId, id: late.id, dueAt: at });
        }
      }
    }
  }
  return due;
}
