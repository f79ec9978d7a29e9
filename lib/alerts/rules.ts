import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { conflict, invalid, isUniqueViolation, notFound } from "@/lib/errors";
import type { AlertCadence, AlertRuleKind } from "@/lib/generated/prisma/enums";
import type { OrgContext } from "@/lib/tenancy/context";

/** "HH:MM" in the organisation's time zone, as minutes after midnight. */
const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time is HH:MM, from 00:00 to 23:59.")
  .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5)));
const idList = (what: string) => z.array(z.string().min(1).max(64), { message: `List ${what} by id.` }).max(200, `At most 200 ${what}.`);
const ids = (what: string) => idList(what).default([]);

/** An object of a kind's filters that names the keys it does not take. */
const filterObject = <S extends z.ZodRawShape>(kind: string, shape: S) => {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `filters of a ${kind} rule ${known.length ? `take only ${known.join(", ")}` : "take nothing"}, not ${iss.keys.join(", ")}.`
        : iss.code === "invalid_type"
          ? `filters of a ${kind} rule is an object${known.length ? ` of ${known.join(", ")}` : " ({})"}.`
          : undefined,
  });
};

export const ZReviewFilters = filterObject("NEW_REVIEW", {
  ratings: z.array(z.number().int().min(1, "Ratings are 1 to 5.").max(5, "Ratings are 1 to 5.")).max(5).default([]).describe("Only these star ratings; empty for any"),
  territories: z.array(z.string().regex(/^[A-Z]{3}$/, "A territory is Apple's three-letter code, such as USA or DEU.")).max(200).default([]).describe("Only reviews from these storefronts"),
  words: z.array(z.string().trim().min(1, "A word is not empty.").max(60, "A word is at most 60 characters.")).max(50).default([]).describe("Only reviews whose title or text holds one of these (any case)"),
});

export const ZRatingDropFilters = filterObject("RATING_DROP", {
  minRatings: z
    .number({ message: "filters.minRatings is a whole number from 1 to 100000." })
    .int("filters.minRatings is a whole number from 1 to 100000.")
    .min(1, "filters.minRatings is a whole number from 1 to 100000.")
    .max(100_000, "filters.minRatings is a whole number from 1 to 100000.")
    .default(10)
    .describe("Ratings both versions need before they are compared"),
  dropBy: z
    .number({ message: "filters.dropBy is a number of stars from 0.01 to 4, or null." })
    .min(0.01, "filters.dropBy is a number of stars from 0.01 to 4, or null.")
    .max(4, "filters.dropBy is a number of stars from 0.01 to 4, or null.")
    .nullable()
    .default(null)
    .describe("How many stars lower the newest version's average must be; null for any drop"),
});

export const ZSyncFailingFilters = filterObject("SYNC_FAILING", {
  failuresInARow: z
    .number({ message: "filters.failuresInARow is a whole number from 1 to 100." })
    .int("filters.failuresInARow is a whole number from 1 to 100.")
    .min(1, "filters.failuresInARow is a whole number from 1 to 100.")
    .max(100, "filters.failuresInARow is a whole number from 1 to 100.")
    .default(3)
    .describe("Runs of one kind that failed one after the other"),
});

export const ZKeyAgeFilters = filterObject("KEY_AGE", {
  days: z
    .number({ message: "filters.days is a whole number from 1 to 3650." })
    .int("filters.days is a whole number from 1 to 3650.")
    .min(1, "filters.days is a whole number from 1 to 3650.")
    .max(3650, "filters.days is a whole number from 1 to 3650.")
    .default(180)
    .describe("Days since the key was added or last replaced"),
});

export const ALERT_KINDS = ["NEW_REVIEW", "REVIEW_EDITED", "RATING_DROP", "CONNECTION_PROBLEM", "SYNC_FAILING", "SALES_FAILING", "KEY_AGE", "CHANGE_SET_WAITING"] as const satisfies readonly AlertRuleKind[];
type Kind = (typeof ALERT_KINDS)[number];

/** Each kind's filters; a kind without any takes an empty object. */
export const KIND_FILTERS = {
  NEW_REVIEW: ZReviewFilters,
  REVIEW_EDITED: filterObject("REVIEW_EDITED", {}),
  RATING_DROP: ZRatingDropFilters,
  CONNECTION_PROBLEM: filterObject("CONNECTION_PROBLEM", {}),
  SYNC_FAILING: ZSyncFailingFilters,
  SALES_FAILING: filterObject("SALES_FAILING", {}),
  KEY_AGE: ZKeyAgeFilters,
  CHANGE_SET_WAITING: filterObject("CHANGE_SET_WAITING", {}),
} as const satisfies Record<Kind, z.ZodType>;
export type TKindFilters<K extends Kind> = z.output<(typeof KIND_FILTERS)[K]>;

/** A rule's stored filters as its kind reads them; null when they no longer read (a rule so stored is skipped, never allowed to stop a sync). */
export function ruleFilters<K extends Kind>(kind: K, stored: unknown): TKindFilters<K> | null {
  const parsed = KIND_FILTERS[kind].safeParse(stored ?? {});
  return parsed.success ? (parsed.data as TKindFilters<K>) : null;
}

const name = z.string({ message: "Name the rule." }).trim().min(1, "Name the rule.").max(80, "A name is at most 80 characters.");
const cadence = z.enum(["IMMEDIATE", "HOURLY", "DAILY"], { message: "cadence must be IMMEDIATE, HOURLY or DAILY." });
const quietHours = z.object({ from: clock, to: clock }, { message: "quietHours is { from, to } in HH:MM, or null." }).strict().nullable();
const channelIds = z.array(z.string().min(1).max(64), { message: "Choose at least one channel." }).min(1, "Choose at least one channel.").max(20, "At most 20 channels.");
const enabled = z.boolean({ message: "enabled is true or false." });

const ruleOf = <K extends Kind, F extends z.ZodObject>(kind: K, filters: F) =>
  z
    .object({
      name,
      kind: z.literal(kind),
      enabled: enabled.default(true),
      connectionIds: ids("connections"),
      appIds: ids("apps"),
      filters: filters.prefault({} as z.input<F>),
      cadence: cadence.default("IMMEDIATE"),
      quietHours: quietHours.default(null).describe("Deliveries wait until these hours end, in the organisation's time zone"),
      channelIds,
    })
    .strict();

/** A new rule: its kind decides which filters it takes (see KIND_FILTERS). */
export const ZRuleInput = z.discriminatedUnion(
  "kind",
  [
    ruleOf("NEW_REVIEW", KIND_FILTERS.NEW_REVIEW),
    ruleOf("REVIEW_EDITED", KIND_FILTERS.REVIEW_EDITED),
    ruleOf("RATING_DROP", KIND_FILTERS.RATING_DROP),
    ruleOf("CONNECTION_PROBLEM", KIND_FILTERS.CONNECTION_PROBLEM),
    ruleOf("SYNC_FAILING", KIND_FILTERS.SYNC_FAILING),
    ruleOf("SALES_FAILING", KIND_FILTERS.SALES_FAILING),
    ruleOf("KEY_AGE", KIND_FILTERS.KEY_AGE),
    ruleOf("CHANGE_SET_WAITING", KIND_FILTERS.CHANGE_SET_WAITING),
  ],
  { message: `kind must be one of ${ALERT_KINDS.join(", ")}.` },
);
export type TRuleInput = z.input<typeof ZRuleInput>;

/** A change to a rule: only the fields given change. Its kind stays; filters are read by it. */
export const ZRuleUpdate = z
  .strictObject(
    {
      name: name.optional(),
      enabled: enabled.optional(),
      connectionIds: idList("connections").optional(),
      appIds: idList("apps").optional(),
      filters: z.unknown().optional().describe("The kind's filters, whole (see the rule's kind)"),
      cadence: cadence.optional(),
      quietHours: quietHours.optional().describe("null for none"),
      channelIds: channelIds.optional(),
    },
    { error: (iss) => (iss.code === "unrecognized_keys" ? (iss.keys.includes("kind") ? "A rule's kind cannot change: add a new rule instead." : `A rule does not have ${iss.keys.join(", ")}.`) : undefined) },
  )
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: "Give at least one field to change." });
export type TRuleUpdate = z.input<typeof ZRuleUpdate>;

export const ZRule = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  enabled: z.boolean(),
  connectionIds: z.array(z.string()),
  appIds: z.array(z.string()),
  filters: z
    .union([ZReviewFilters, ZRatingDropFilters, ZSyncFailingFilters, ZKeyAgeFilters, z.object({}).strict()])
    .describe("The kind's filters: NEW_REVIEW ratings, territories, words; RATING_DROP minRatings, dropBy; SYNC_FAILING failuresInARow; KEY_AGE days; the others none"),
  cadence: z.enum(["IMMEDIATE", "HOURLY", "DAILY"]),
  quietHours: z.object({ from: z.string(), to: z.string() }).nullable(),
  channelIds: z.array(z.string()),
  createdAt: z.string(),
});

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
type RuleRow = {
  id: string; name: string; kind: AlertRuleKind; enabled: boolean; connectionIds: string[]; appIds: string[]; filters: unknown; cadence: AlertCadence;
  quietFrom: number | null; quietTo: number | null; createdAt: Date; channels: { channelId: string }[];
};
const select = { id: true, name: true, kind: true, enabled: true, connectionIds: true, appIds: true, filters: true, cadence: true, quietFrom: true, quietTo: true, createdAt: true, channels: { select: { channelId: true } } } as const;
export const ruleJson = (r: RuleRow): z.infer<typeof ZRule> => ({
  id: r.id, name: r.name, kind: r.kind, enabled: r.enabled, connectionIds: r.connectionIds, appIds: r.appIds,
  // Filters that no longer read show as the kind's defaults.
  filters: ruleFilters(r.kind, r.filters) ?? KIND_FILTERS[r.kind].parse({}), cadence: r.cadence,
  quietHours: r.quietFrom === null || r.quietTo === null ? null : { from: hhmm(r.quietFrom), to: hhmm(r.quietTo) },
  channelIds: r.channels.map((c) => c.channelId).sort(), createdAt: r.createdAt.toISOString(),
});

export async function listRules(ctx: OrgContext) {
  const rows = await db.alertRule.findMany({ where: { organizationId: ctx.orgId }, select, orderBy: { name: "asc" } });
  return { rules: rows.map(ruleJson) };
}

/** The ids a rule names must all be the organisation's; the first that is not is named. */
async function checkReferences(ctx: OrgContext, input: { channelIds?: string[]; connectionIds?: string[]; appIds?: string[] }) {
  const [channels, connections, apps] = await Promise.all([
    db.alertChannel.findMany({ where: { organizationId: ctx.orgId, id: { in: input.channelIds ?? [] } }, select: { id: true } }),
    db.connection.findMany({ where: { organizationId: ctx.orgId, id: { in: input.connectionIds ?? [] } }, select: { id: true } }),
    db.syncedApp.findMany({ where: { organizationId: ctx.orgId, id: { in: input.appIds ?? [] } }, select: { id: true } }),
  ]);
  const missing = (asked: string[] | undefined, found: { id: string }[]) => asked?.find((id) => !found.some((f) => f.id === id));
  const channel = missing(input.channelIds, channels);
  if (channel) throw invalid("channelIds", `No channel ${channel} in this organisation.`);
  const connection = missing(input.connectionIds, connections);
  if (connection) throw invalid("connectionIds", `No connection ${connection} in this organisation.`);
  const app = missing(input.appIds, apps);
  if (app) throw invalid("appIds", `No app ${app} in this organisation.`);
}

export async function createRule(ctx: OrgContext, raw: z.output<typeof ZRuleInput>) {
  await checkReferences(ctx, raw);
  try {
    const rule = await db.$transaction(async (tx) => {
      const r = await tx.alertRule.create({
        data: {
          organizationId: ctx.orgId, name: raw.name, kind: raw.kind, enabled: raw.enabled, connectionIds: raw.connectionIds, appIds: raw.appIds,
          filters: raw.filters, cadence: raw.cadence, quietFrom: raw.quietHours?.from ?? null, quietTo: raw.quietHours?.to ?? null,
          // On the product's clock: reviews are compared with it.
          createdAt: nowDate(),
        },
        select: { id: true, name: true },
      });
      await tx.alertRuleChannel.createMany({ data: [...new Set(raw.channelIds)].map((channelId) => ({ organizationId: ctx.orgId, ruleId: r.id, channelId })) });
      await recordAudit({ organizationId: ctx.orgId, action: "alert_rule.created", actor: ctx.actor, target: { type: "alert_rule", id: r.id, label: r.name }, client: ctx.client }, tx);
      return tx.alertRule.findUniqueOrThrow({ where: { id: r.id }, select });
    });
    return { rule: ruleJson(rule) };
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("A rule with this name already exists.", "name");
    throw e;
  }
}

export async function deleteRule(ctx: OrgContext, ruleId: string) {
  await db.$transaction(async (tx) => {
    const r = await tx.alertRule.findFirst({ where: { id: ruleId, organizationId: ctx.orgId }, select: { name: true } });
    if (!r) throw notFound("Rule");
    await tx.alertRule.delete({ where: { id: ruleId } });
    await recordAudit({ organizationId: ctx.orgId, action: "alert_rule.deleted", actor: ctx.actor, target: { type: "alert_rule", id: ruleId, label: r.name }, client: ctx.client }, tx);
  });
}

/** Filters for a rule of `kind`, or a validation error naming the filter at fault. */
function filtersFor(kind: Kind, raw: unknown) {
  const parsed = KIND_FILTERS[kind].safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid(["filters", ...issue.path.map(String)].join("."), issue.message);
}

/**
 * Changes a rule: switched on or off, renamed, narrowed, its filters (read by its kind, which
 * stays), cadence, quiet hours or channels. Only the fields given change; the change is audited
 * with the names of the fields that changed.
 */
export async function updateRule(ctx: OrgContext, ruleId: string, raw: z.output<typeof ZRuleUpdate>) {
  const current = await db.alertRule.findFirst({ where: { id: ruleId, organizationId: ctx.orgId }, select });
  if (!current) throw notFound("Rule");
  const filters = raw.filters === undefined ? undefined : filtersFor(current.kind, raw.filters);
  await checkReferences(ctx, raw);
  const before = ruleJson(current);
  try {
    const rule = await db.$transaction(async (tx) => {
      await tx.alertRule.update({
        where: { id: current.id },
        data: {
          name: raw.name, enabled: raw.enabled, connectionIds: raw.connectionIds, appIds: raw.appIds, filters, cadence: raw.cadence,
          ...(raw.quietHours !== undefined ? { quietFrom: raw.quietHours?.from ?? null, quietTo: raw.quietHours?.to ?? null } : {}),
        },
      });
      if (raw.channelIds) {
        const wanted = [...new Set(raw.channelIds)];
        await tx.alertRuleChannel.deleteMany({ where: { organizationId: ctx.orgId, ruleId: current.id, channelId: { notIn: wanted } } });
        await tx.alertRuleChannel.createMany({ data: wanted.map((channelId) => ({ organizationId: ctx.orgId, ruleId: current.id, channelId })), skipDuplicates: true });
      }
      const after = ruleJson(await tx.alertRule.findUniqueOrThrow({ where: { id: current.id }, select }));
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
      if (changed.length) {
        await recordAudit(
          { organizationId: ctx.orgId, action: "alert_rule.updated", actor: ctx.actor, target: { type: "alert_rule", id: current.id, label: after.name }, metadata: { changed, ...(raw.enabled !== undefined ? { enabled: after.enabled } : {}) }, client: ctx.client },
          tx,
        );
      }
      return after;
    });
    return { rule };
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("A rule with this name already exists.", "name");
    throw e;
  }
}
