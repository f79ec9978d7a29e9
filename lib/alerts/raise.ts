import { createHash, randomUUID } from "node:crypto";
import { now as clockNow } from "@/lib/clock";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AlertCadence, AlertRuleKind, SyncKind } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import type { DueDelivery } from "./queue";
import { ruleFilters } from "./rules";

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

const ruleSelect = {
  id: true, name: true, kind: true, connectionIds: true, appIds: true, filters: true, cadence: true, quietFrom: true, quietTo: true, createdAt: true,
  channels: { select: { channelId: true } }, organization: { select: { timeZone: true, slug: true } },
} as const;
type Rule = Prisma.AlertRuleGetPayload<{ select: typeof ruleSelect }>;

/** An event as a rule raises it: what it is about (unique per rule), its words and the page it links to. */
export type EventDraft = { subjectKey: string; title: string; text: string; path: string; data: Prisma.InputJsonValue; occurredAt: Date };

const enabledRules = (tx: Tx, organizationId: string, kind: AlertRuleKind) => tx.alertRule.findMany({ where: { organizationId, kind, enabled: true }, select: ruleSelect, orderBy: { createdAt: "asc" } });

/**
 * Raising alerts never stops the work that found the fact: the raise runs under a savepoint
 * of the caller's transaction, and a failure (a bad row, the database refusing the insert) is
 * rolled back to it and logged, leaving the caller's writes as they were.
 */
async function guarded(tx: Tx, kind: AlertRuleKind, raise: () => Promise<DueDelivery[]>): Promise<DueDelivery[]> {
  await tx.$executeRaw`SAVEPOINT alert_raise`;
  try {
    const due = await raise();
    await tx.$executeRaw`RELEASE SAVEPOINT alert_raise`;
    return due;
  } catch (e) {
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT alert_raise`;
    log.warn({ kind, err: { message: (e as Error).message } }, "alerts not raised");
    return [];
  }
}

/**
 * Stores a rule's events (one per subject: a subject seen twice is one event) and, for the
 * new ones, one delivery per channel, or a place in the channel's digest for the period.
 * Answers the deliveries to queue once the transaction has committed.
 */
async function raiseEvents(tx: Tx, organizationId: string, rule: Rule, drafts: EventDraft[]): Promise<DueDelivery[]> {
  if (!drafts.length) return [];
  const events = await tx.alertEvent.createManyAndReturn({
    data: drafts.map((d) => ({ organizationId, ruleId: rule.id, ...d, title: d.title.slice(0, 300), text: d.text.slice(0, 4000) })),
    skipDuplicates: true,
    select: { id: true },
  });
  if (!events.length) return [];
  const due: DueDelivery[] = [];
  const at = clockNow();
  const tz = knownZone(rule.organization.timeZone);
  for (const { channelId } of rule.channels) {
    if (rule.cadence === "IMMEDIATE") {
      const dueAt = afterQuietHours(at, tz, { from: rule.quietFrom, to: rule.quietTo });
      const made = await tx.alertDelivery.createManyAndReturn({
        data: events.map((e) => ({ organizationId, channelId, ruleId: rule.id, dedupeKey: `event:${e.id}`, eventIds: [e.id], dueAt: new Date(dueAt) })),
        skipDuplicates: true,
        select: { id: true },
      });
      due.push(...made.map((d) => ({ organizationId, id: d.id, dueAt })));
    } else {
      const period = digestPeriod(at, rule.cadence, tz);
      const dueAt = afterQuietHours(period.endsAt, tz, { from: rule.quietFrom, to: rule.quietTo });
      // One delivery per channel and period, gathering the period's events until it goes.
      const rows = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "AlertDelivery" ("id", "organizationId", "channelId", "ruleId", "dedupeKey", "eventIds", "status", "dueAt", "attempts", "createdAt")
        VALUES (${`ad_${randomUUID().replace(/-/g, "")}`}, ${organizationId}, ${channelId}, ${rule.id}, ${`digest:${rule.id}:${period.key}`}, ${events.map((e) => e.id)}::text[], 'PENDING', ${new Date(dueAt)}, 0, ${new Date(at)})
        ON CONFLICT ("channelId", "dedupeKey") DO UPDATE SET "eventIds" = "AlertDelivery"."eventIds" || EXCLUDED."eventIds"
        WHERE "AlertDelivery"."status" = 'PENDING'
        RETURNING "id"`;
      due.push(...rows.map((d) => ({ organizationId, id: d.id, dueAt })));
      if (!rows.length) {
        // The period's digest has gone already: these events go on their own, at once.
        const late = await tx.alertDelivery.create({
          data: { organizationId, channelId, ruleId: rule.id, dedupeKey: `digest:${rule.id}:${period.key}:late:${events[0].id}`, eventIds: events.map((e) => e.id), dueAt: new Date(at) },
          select: { id: true },
        });
        due.push({ organizationId, id: late.id, dueAt: at });
      }
    }
  }
  return due;
}

const narrowedToConnection = (rule: Pick<Rule, "connectionIds">, connectionId: string) => !rule.connectionIds.length || rule.connectionIds.includes(connectionId);
const narrowedToApp = (rule: Pick<Rule, "appIds">, appId: string) => !rule.appIds.length || rule.appIds.includes(appId);

/**
 * Raises a fact about a connection (not one app) for every enabled rule of `kind` that covers
 * it: a rule narrowed to apps covers the connections those apps belong to. `draft` words the
 * event for a rule (null: the rule's filters do not match).
 */
async function raiseForConnection<K extends AlertRuleKind>(
  tx: Tx,
  kind: K,
  scope: { organizationId: string; connectionId: string },
  draft: (rule: Rule, filters: NonNullable<ReturnType<typeof ruleFilters<K>>>, conn: { id: string; name: string }) => EventDraft | null | Promise<EventDraft | null>,
) {
  const rules = (await enabledRules(tx, scope.organizationId, kind)).filter((r) => narrowedToConnection(r, scope.connectionId));
  if (!rules.length) return [];
  const conn = await tx.connection.findFirst({ where: { id: scope.connectionId, organizationId: scope.organizationId }, select: { id: true, name: true } });
  if (!conn) return [];
  const apps = rules.some((r) => r.appIds.length)
    ? (await tx.syncedApp.findMany({ where: { organizationId: scope.organizationId, connectionId: scope.connectionId }, select: { id: true } })).map((a) => a.id)
    : [];
  const due: DueDelivery[] = [];
  for (const rule of rules) {
    if (rule.appIds.length && !rule.appIds.some((id) => apps.includes(id))) continue;
    const filters = ruleFilters(kind, rule.filters);
    if (!filters) continue;
    const d = await draft(rule, filters, conn);
    if (d) due.push(...(await raiseEvents(tx, scope.organizationId, rule, [d])));
  }
  return due;
}

export type NewReview = { id: string; appId: string; rating: number; title: string | null; body: string | null; territory: string | null; reviewerNickname: string | null; createdDate: Date };

const stars = (n: number) => "★".repeat(n) + "☆".repeat(Math.max(0, 5 - n));
/** The inbox filtered to the review's app, with the review open beside it. */
const reviewPath = (slug: string, appId: string, reviewId: string) => `/o/${slug}/reviews?app=${encodeURIComponent(appId)}&review=${encodeURIComponent(reviewId)}`;

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
  return guarded(tx, "NEW_REVIEW", async () => {
    const rules = await enabledRules(tx, scope.organizationId, "NEW_REVIEW");
    const due: DueDelivery[] = [];
    for (const rule of rules) {
      if (!narrowedToConnection(rule, scope.connectionId)) continue;
      // A rule whose stored filters no longer read is skipped, never allowed to stop the sync.
      const f = ruleFilters("NEW_REVIEW", rule.filters);
      if (!f) continue;
      const words = f.words.map((w) => w.toLowerCase());
      const matches = reviews.filter(
        (r) =>
          narrowedToApp(rule, r.appId) &&
          (!f.ratings.length || f.ratings.includes(r.rating)) &&
          (!f.territories.length || (r.territory !== null && f.territories.includes(r.territory))) &&
          (!words.length || words.some((w) => `${r.title ?? ""}\n${r.body ?? ""}`.toLowerCase().includes(w))) &&
          r.createdDate.getTime() >= rule.createdAt.getTime() - 7 * 24 * 60 * MINUTE,
      );
      due.push(
        ...(await raiseEvents(
          tx,
          scope.organizationId,
          rule,
          matches.map((r) => ({
            subjectKey: `review:${r.id}`,
            title: `${stars(r.rating)} ${r.title?.trim() || "A review"} (${scope.appName}${r.territory ? `, ${r.territory}` : ""})`,
            text: `${(r.body ?? "").trim().slice(0, 1500)}${r.reviewerNickname ? `\n— ${r.reviewerNickname}` : ""}`,
            path: reviewPath(rule.organization.slug, r.appId, r.id),
            data: { reviewId: r.id, appId: r.appId, connectionId: scope.connectionId, rating: r.rating, territory: r.territory, createdDate: r.createdDate.toISOString() },
            occurredAt: r.createdDate,
          })),
        )),
      );
    }
    return due;
  });
}

/** A review whose title, text or rating changed after our reply was published, as the sync found it. */
export type EditedReview = NewReview & { editedAt: Date; was: { rating: number; title: string | null; body: string | null } };

/** Tells one edit from another: the same words seen twice are one edit, different words a new one. */
export const editKey = (r: { rating: number; title: string | null; body: string | null }) =>
  createHash("sha256").update(JSON.stringify([r.rating, r.title ?? "", r.body ?? ""])).digest("hex").slice(0, 16);

/**
 * Raises the alerts of reviews edited after our reply was published, in the sync's
 * transaction: one event per rule, review and edit, so the same edit seen by a second sync
 * alerts nothing more and a later edit alerts again.
 */
export async function raiseReviewEditedAlerts(tx: Tx, scope: { organizationId: string; connectionId: string; appName: string }, edits: EditedReview[]) {
  if (!edits.length) return [];
  return guarded(tx, "REVIEW_EDITED", async () => {
    const rules = await enabledRules(tx, scope.organizationId, "REVIEW_EDITED");
    const due: DueDelivery[] = [];
    for (const rule of rules) {
      if (!narrowedToConnection(rule, scope.connectionId) || !ruleFilters("REVIEW_EDITED", rule.filters)) continue;
      const drafts = edits
        .filter((r) => narrowedToApp(rule, r.appId))
        .map((r) => ({
          subjectKey: `review-edit:${r.id}:${editKey(r)}`,
          title: `Edited after your reply: ${stars(r.rating)} ${r.title?.trim() || "A review"} (${scope.appName}${r.territory ? `, ${r.territory}` : ""})`,
          text: `${(r.body ?? "").trim().slice(0, 1500)}${r.reviewerNickname ? `\n— ${r.reviewerNickname}` : ""}${r.was.rating !== r.rating ? `\nThe rating was ${stars(r.was.rating)}.` : ""}\nYour reply may be outdated.`,
          path: reviewPath(rule.organization.slug, r.appId, r.id),
          data: { reviewId: r.id, appId: r.appId, connectionId: scope.connectionId, rating: r.rating, previousRating: r.was.rating, territory: r.territory, editedAt: r.editedAt.toISOString() },
          occurredAt: r.editedAt,
        }));
      due.push(...(await raiseEvents(tx, scope.organizationId, rule, drafts)));
    }
    return due;
  });
}

/** A version's ratings, as lib/analytics/version-ratings.ts counts them. */
export type VersionAverage = { versionString: string; reviews: number; average: number | null };

/**
 * Raises a rating drop of an app: the newest version's average (over at least the rule's
 * minimum of ratings) below the previous version's that has as many (by at least `dropBy`
 * stars when the rule says so). Once per rule, app and version. `versions` are newest first.
 */
export async function raiseRatingDropAlerts(tx: Tx, scope: { organizationId: string; connectionId: string; appId: string; appName: string }, versions: VersionAverage[]) {
  if (versions.length < 2) return [];
  return guarded(tx, "RATING_DROP", async () => {
    const rules = await enabledRules(tx, scope.organizationId, "RATING_DROP");
    const due: DueDelivery[] = [];
    const [newest, ...older] = versions;
    for (const rule of rules) {
      if (!narrowedToConnection(rule, scope.connectionId) || !narrowedToApp(rule, scope.appId)) continue;
      const f = ruleFilters("RATING_DROP", rule.filters);
      if (!f || newest.average === null || newest.reviews < f.minRatings) continue;
      const previous = older.find((v) => v.average !== null && v.reviews >= f.minRatings);
      if (!previous?.average) continue;
      const drop = Math.round((previous.average - newest.average) * 100) / 100;
      if (drop <= 0 || (f.dropBy !== null && drop < f.dropBy)) continue;
      due.push(
        ...(await raiseEvents(tx, scope.organizationId, rule, [
          {
            subjectKey: `rating-drop:${scope.appId}:${newest.versionString}`,
            title: `${scope.appName} ${newest.versionString} is rated ${newest.average.toFixed(2)}★, down from ${previous.average.toFixed(2)}★ for ${previous.versionString}`,
            text: `${newest.reviews} ratings of ${newest.versionString} average ${newest.average.toFixed(2)} stars; ${previous.reviews} ratings of ${previous.versionString} averaged ${previous.average.toFixed(2)}.`,
            path: `/o/${rule.organization.slug}/apps/${encodeURIComponent(scope.appId)}`,
            data: { appId: scope.appId, connectionId: scope.connectionId, version: newest.versionString, average: newest.average, ratings: newest.reviews, previousVersion: previous.versionString, previousAverage: previous.average, previousRatings: previous.reviews },
            occurredAt: new Date(clockNow()),
          },
        ])),
      );
    }
    return due;
  });
}

/** What went wrong with a connection: its key refused (and syncing paused), or one kind of work no longer allowed. */
export type ConnectionProblem = { what: "PAUSED" | "REFUSED" | "METADATA" | "REVIEWS" | "SALES" | "ANALYTICS"; reason: string; at: Date };

const PROBLEM_WORDS: Record<ConnectionProblem["what"], string> = {
  PAUSED: "App Store Connect refused the key; syncing is paused",
  REFUSED: "App Store Connect refused the key",
  METADATA: "the key may no longer read or change app metadata",
  REVIEWS: "the key may no longer read or answer customer reviews",
  SALES: "the key may no longer download sales reports",
  ANALYTICS: "the key may no longer read analytics reports",
};

/** Raises a connection's problem once per connection, problem and time it happened. */
export async function raiseConnectionAlerts(tx: Tx, scope: { organizationId: string; connectionId: string }, problem: ConnectionProblem) {
  return guarded(tx, "CONNECTION_PROBLEM", () =>
    raiseForConnection(tx, "CONNECTION_PROBLEM", scope, (rule, _f, conn) => ({
      subjectKey: `connection:${conn.id}:${problem.what}:${problem.at.toISOString()}`,
      title: `${conn.name}: ${PROBLEM_WORDS[problem.what]}`,
      text: problem.reason,
      path: `/o/${rule.organization.slug}/connections/${encodeURIComponent(conn.id)}/sync`,
      data: { connectionId: conn.id, problem: problem.what, reason: problem.reason },
      occurredAt: problem.at,
    })),
  );
}

const SYNC_WORDS: Record<SyncKind, string> = { FULL: "full", APPS: "app list", METADATA: "metadata", REVIEWS: "review", REVIEWS_DEEP: "deep review", SALES: "sales", ANALYTICS: "analytics" };

/**
 * After a run of `kind` ended failed: the runs of that kind that failed one after the other
 * since the last that succeeded. A rule alerts once the streak is as long as it asks, once
 * per streak (the streak is known by its first run).
 */
export async function raiseSyncFailingAlerts(tx: Tx, scope: { organizationId: string; connectionId: string }, kind: SyncKind) {
  return guarded(tx, "SYNC_FAILING", async () => {
    if (!(await tx.alertRule.count({ where: { organizationId: scope.organizationId, kind: "SYNC_FAILING", enabled: true } }))) return [];
    const lastOk = await tx.syncRun.findFirst({ where: { ...scope, kind, status: "SUCCEEDED" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    const streak = await tx.syncRun.findMany({
      where: { ...scope, kind, status: "FAILED", ...(lastOk ? { createdAt: { gt: lastOk.createdAt } } : {}) },
      orderBy: { createdAt: "asc" },
      select: { id: true, error: true, finishedAt: true },
    });
    if (!streak.length) return [];
    const last = streak[streak.length - 1];
    return raiseForConnection(tx, "SYNC_FAILING", scope, (rule, f, conn) =>
      streak.length < f.failuresInARow
        ? null
        : {
            subjectKey: `sync-failing:${conn.id}:${kind}:${streak[0].id}`,
            title: `${conn.name}: ${streak.length} ${SYNC_WORDS[kind]} syncs in a row failed`,
            text: last.error ?? "The sync failed.",
            path: `/o/${rule.organization.slug}/connections/${encodeURIComponent(conn.id)}/sync`,
            data: { connectionId: conn.id, syncKind: kind, failures: streak.length, runIds: streak.map((r) => r.id).slice(-20), firstRunId: streak[0].id },
            occurredAt: last.finishedAt ?? new Date(clockNow()),
          },
    );
  });
}

/** Raises a sales day that ended failed, once per connection and day. */
export async function raiseSalesFailingAlerts(tx: Tx, scope: { organizationId: string; connectionId: string }, day: string, reason: string) {
  return guarded(tx, "SALES_FAILING", () =>
    raiseForConnection(tx, "SALES_FAILING", scope, (rule, _f, conn) => ({
      subjectKey: `sales-failing:${conn.id}:${day}`,
      title: `${conn.name}: the sales report of ${day} could not be stored`,
      text: reason,
      path: `/o/${rule.organization.slug}/sales`,
      data: { connectionId: conn.id, day, reason },
      occurredAt: new Date(clockNow()),
    })),
  );
}

/** A connection's key and since when it is in use (added, or last replaced). */
export type KeyInUse = { connectionId: string; since: Date };

/**
 * Raises keys older than a rule's days: once per rule, connection and crossing (a key
 * replaced since starts again). Answers the deliveries to queue once committed.
 */
export async function raiseKeyAgeAlerts(tx: Tx, organizationId: string, keys: KeyInUse[], at = clockNow()) {
  return guarded(tx, "KEY_AGE", async () => {
    const due: DueDelivery[] = [];
    for (const key of keys) {
      due.push(
        ...(await raiseForConnection(tx, "KEY_AGE", { organizationId, connectionId: key.connectionId }, (rule, f, conn) => {
          const age = Math.floor((at - key.since.getTime()) / (24 * 60 * MINUTE));
          if (age < f.days) return null;
          return {
            subjectKey: `key-age:${conn.id}:${key.since.toISOString()}:${f.days}`,
            title: `${conn.name}: its App Store Connect API key is ${age} days old`,
            text: `The key was added or last replaced on ${key.since.toISOString().slice(0, 10)}. Create a new key in App Store Connect (Users and Access › Integrations), replace this connection's key with it, then revoke the old one.`,
            path: `/o/${rule.organization.slug}/connections#connection-${conn.id}`,
            data: { connectionId: conn.id, keySince: key.since.toISOString(), ageDays: age, thresholdDays: f.days },
            occurredAt: new Date(key.since.getTime() + f.days * 24 * 60 * MINUTE),
          };
        })),
      );
    }
    return due;
  });
}

/**
 * Raises a change set submitted for approval, in the submitting transaction: once per change
 * set. `path` is the page where it is approved; `submittedBy` how the submitter is shown.
 */
export async function raiseChangeSetAlerts(
  tx: Tx,
  c: { organizationId: string; connectionId: string; appId: string; changeSetId: string; appName: string; submittedBy: string; note: string | null; path: string },
) {
  return guarded(tx, "CHANGE_SET_WAITING", async () => {
    const rules = await enabledRules(tx, c.organizationId, "CHANGE_SET_WAITING");
    const due: DueDelivery[] = [];
    for (const rule of rules) {
      if (!narrowedToConnection(rule, c.connectionId) || !narrowedToApp(rule, c.appId) || !ruleFilters("CHANGE_SET_WAITING", rule.filters)) continue;
      due.push(
        ...(await raiseEvents(tx, c.organizationId, rule, [
          {
            subjectKey: `change-set:${c.changeSetId}`,
            title: `${c.appName}: changes wait for approval`,
            text: `${c.submittedBy} submitted metadata changes for approval.${c.note?.trim() ? `\n“${c.note.trim().slice(0, 1000)}”` : ""}`,
            path: c.path,
            data: { changeSetId: c.changeSetId, appId: c.appId, connectionId: c.connectionId, submittedBy: c.submittedBy },
            occurredAt: new Date(clockNow()),
          },
        ])),
      );
    }
    return due;
  });
}
