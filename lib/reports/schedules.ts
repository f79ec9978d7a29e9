import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { now as clockNow } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { conflict, invalid, isUniqueViolation, notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere, visibleConnection } from "@/lib/tenancy/scope";
import { isComplete, lastCompletePeriod, parsePeriod, REPORT_CADENCES, type Period } from "./period";
import type { ReportCadence } from "@/lib/generated/prisma/enums";

const MAX_RECIPIENTS = 20;

const ZRecipients = z
  .array(z.email({ message: "Each recipient must be an email address." }).max(254, "Each recipient must be an email address."), { message: "recipients lists email addresses." })
  .min(1, "List at least one recipient.")
  .max(MAX_RECIPIENTS, `At most ${MAX_RECIPIENTS} recipients.`)
  .transform((list) => [...new Set(list.map((e) => e.trim().toLowerCase()))]);

export const ZCreateReport = z
  .object({
    connectionId: z.string({ message: "connectionId names a connection." }).min(1, "connectionId names a connection.").max(40, "connectionId names a connection."),
    cadence: z.enum(REPORT_CADENCES, { message: "cadence is WEEKLY or MONTHLY." }),
    recipients: ZRecipients,
    enabled: z.boolean({ message: "enabled is true or false." }).default(true),
  })
  .strict();

export const ZUpdateReport = z
  .object({
    enabled: z.boolean({ message: "enabled is true or false." }).optional(),
    recipients: ZRecipients.optional(),
  })
  .strict()
  .refine((b) => b.enabled !== undefined || b.recipients !== undefined, { message: "Change enabled or recipients.", path: ["enabled"] });

export const ZPeriodQuery = z
  .object({
    period: z
      .string()
      .regex(/^\d{4}-(W\d{2}|\d{2})$/, "period is a week like 2026-W48 or a month like 2026-11.")
      .optional()
      .describe("A week (2026-W48) for a weekly report, a month (2026-11) for a monthly one; default the last complete one"),
  })
  .strict();

const fields = {
  id: true,
  connectionId: true,
  cadence: true,
  recipients: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  connection: { select: { name: true } },
  sends: { select: { period: true, status: true, error: true, sentAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
} as const;

type Row = {
  id: string;
  connectionId: string;
  cadence: ReportCadence;
  recipients: string[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  connection: { name: string };
  sends: { period: string; status: string; error: string | null; sentAt: Date | null }[];
};

const json = (r: Row) => ({
  id: r.id,
  connectionId: r.connectionId,
  connectionName: r.connection.name,
  cadence: r.cadence,
  recipients: r.recipients,
  enabled: r.enabled,
  lastCompletePeriod: lastCompletePeriod(r.cadence, clockNow()).key,
  lastSend: r.sends[0] ? { ...r.sends[0], sentAt: r.sends[0].sentAt?.toISOString() ?? null } : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
export type TClientReport = ReturnType<typeof json>;

/** The report schedules of the connections the caller may see, by connection name then cadence. */
export async function listReports(ctx: OrgContext) {
  const rows = await db.clientReport.findMany({ where: await connectionScopedWhere(ctx), select: fields, orderBy: [{ connection: { name: "asc" } }, { cadence: "asc" }] });
  return rows.map(json);
}

/** One report schedule the caller may see (its connection is theirs), or not_found. */
export async function visibleReport(ctx: OrgContext, reportId: string) {
  const row = await db.clientReport.findFirst({ where: { AND: [await connectionScopedWhere(ctx), { id: reportId }] }, select: fields });
  if (!row) throw notFound("Report");
  return row;
}

export const getReport = async (ctx: OrgContext, reportId: string) => json(await visibleReport(ctx, reportId));

export async function createReport(ctx: OrgContext, input: z.output<typeof ZCreateReport>) {
  const connection = await visibleConnection(ctx, input.connectionId, { id: true, name: true });
  try {
    const row = await db.$transaction(async (tx) => {
      const row = await tx.clientReport.create({
        data: { organizationId: ctx.orgId, connectionId: connection.id, cadence: input.cadence, recipients: input.recipients, enabled: input.enabled },
        select: fields,
      });
      await recordAudit(
        { organizationId: ctx.orgId, action: "client_report.created", actor: ctx.actor, target: { type: "client_report", id: row.id, label: `${connection.name} (${input.cadence.toLowerCase()})` }, metadata: { recipients: input.recipients.length }, client: ctx.client },
        tx,
      );
      return row;
    });
    return json(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`${connection.name} already has a ${input.cadence.toLowerCase()} report.`, "cadence");
    throw e;
  }
}

export async function updateReport(ctx: OrgContext, reportId: string, input: z.output<typeof ZUpdateReport>) {
  const found = await visibleReport(ctx, reportId);
  const row = await db.$transaction(async (tx) => {
    const row = await tx.clientReport.update({ where: { id: found.id }, data: { ...(input.enabled !== undefined ? { enabled: input.enabled } : {}), ...(input.recipients ? { recipients: input.recipients } : {}) }, select: fields });
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: "client_report.updated",
        actor: ctx.actor,
        target: { type: "client_report", id: row.id, label: `${row.connection.name} (${row.cadence.toLowerCase()})` },
        metadata: { enabled: row.enabled, recipients: row.recipients.length },
        client: ctx.client,
      },
      tx,
    );
    return row;
  });
  return json(row);
}

export async function deleteReport(ctx: OrgContext, reportId: string) {
  const found = await visibleReport(ctx, reportId);
  await db.$transaction(async (tx) => {
    await tx.clientReport.delete({ where: { id: found.id } });
    await recordAudit({ organizationId: ctx.orgId, action: "client_report.deleted", actor: ctx.actor, target: { type: "client_report", id: found.id, label: `${found.connection.name} (${found.cadence.toLowerCase()})` }, client: ctx.client }, tx);
  });
}

/** The period a request names for the report (default its last complete one); it must have ended. */
export function periodFor(cadence: ReportCadence, key: string | undefined): Period {
  if (!key) return lastCompletePeriod(cadence, clockNow());
  const period = parsePeriod(cadence, key);
  if (!period) throw invalid("period", cadence === "WEEKLY" ? "period is an ISO week of this weekly report, like 2026-W48." : "period is a month of this monthly report, like 2026-11.");
  if (!isComplete(period, clockNow())) throw invalid("period", "period has not ended yet; a report covers a finished week or month.");
  return period;
}
