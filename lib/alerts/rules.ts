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
const ids = (what: string) => z.array(z.string().min(1).max(64), { message: `List ${what} by id.` }).max(200, `At most 200 ${what}.`).default([]);

export const ZReviewFilters = z
  .object({
    ratings: z.array(z.number().int().min(1, "Ratings are 1 to 5.").max(5, "Ratings are 1 to 5.")).max(5).default([]).describe("Only these star ratings; empty for any"),
    territories: z.array(z.string().regex(/^[A-Z]{3}$/, "A territory is Apple's three-letter code, such as USA or DEU.")).max(200).default([]).describe("Only reviews from these storefronts"),
    words: z.array(z.string().trim().min(1, "A word is not empty.").max(60, "A word is at most 60 characters.")).max(50).default([]).describe("Only reviews whose title or text holds one of these (any case)"),
  })
  .strict();

export const ZRuleInput = z
  .object({
    name: z.string({ message: "Name the rule." }).trim().min(1, "Name the rule.").max(80, "A name is at most 80 characters."),
    kind: z.enum(["NEW_REVIEW"], { message: "kind must be NEW_REVIEW." }),
    enabled: z.boolean().default(true),
    connectionIds: ids("connections"),
    appIds: ids("apps"),
    filters: ZReviewFilters.default({ ratings: [], territories: [], words: [] }),
    cadence: z.enum(["IMMEDIATE", "HOURLY", "DAILY"], { message: "cadence must be IMMEDIATE, HOURLY or DAILY." }).default("IMMEDIATE"),
    quietHours: z.object({ from: clock, to: clock }).strict().nullable().default(null).describe("Deliveries wait until these hours end, in the organisation's time zone"),
    channelIds: z.array(z.string().min(1).max(64), { message: "Choose at least one channel." }).min(1, "Choose at least one channel.").max(20, "At most 20 channels."),
  })
  .strict();
export type TRuleInput = z.input<typeof ZRuleInput>;

export const ALERT_KINDS = ["NEW_REVIEW", "REVIEW_EDITED", "RATING_DROP", "CONNECTION_PROBLEM", "SYNC_FAILING", "SALES_FAILING", "KEY_AGE", "CHANGE_SET_WAITING"] as const satisfies readonly AlertRuleKind[];

export const ZRule = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  enabled: z.boolean(),
  connectionIds: z.array(z.string()),
  appIds: z.array(z.string()),
  filters: ZReviewFilters,
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
  filters: ZReviewFilters.parse(r.filters ?? {}), cadence: r.cadence,
  quietHours: r.quietFrom === null || r.quietTo === null ? null : { from: hhmm(r.quietFrom), to: hhmm(r.quietTo) },
  channelIds: r.channels.map((c) => c.channelId).sort(), createdAt: r.createdAt.toISOString(),
});

export async function listRules(ctx: OrgContext) {
  const rows = await db.alertRule.findMany({ where: { organizationId: ctx.orgId }, select, orderBy: { name: "asc" } });
  return { rules: rows.map(ruleJson) };
}

/** The ids a rule names must all be the organisation's; the first that is not is named. */
async function checkReferences(ctx: OrgContext, input: z.output<typeof ZRuleInput>) {
  const [channels, connections, apps] = await Promise.all([
    db.alertChannel.findMany({ where: { organizationId: ctx.orgId, id: { in: input.channelIds } }, select: { id: true } }),
    db.connection.findMany({ where: { organizationId: ctx.orgId, id: { in: input.connectionIds } }, select: { id: true } }),
    db.syncedApp.findMany({ where: { organizationId: ctx.orgId, id: { in: input.appIds } }, select: { id: true } }),
  ]);
  const missing = (asked: string[], found: { id: string }[]) => asked.find((id) => !found.some((f) => f.id === id));
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
