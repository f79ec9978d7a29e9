import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { conflict, isUniqueViolation, notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { charCount, REPLY_LIMIT } from "./limits";
import { TEMPLATE_VARIABLES, templateProblems } from "./template-text";
import { actorColumns } from "@/lib/tenancy/actor";

export const ZTemplate = z
  .object({
    name: z.string({ message: "Name the template." }).trim().min(1, "Name the template.").max(80, "A name is at most 80 characters."),
    body: z
      .string({ message: "Write the template." })
      .trim()
      .min(1, "Write the template.")
      .refine((v) => charCount(v) <= REPLY_LIMIT, { message: `A template is at most ${REPLY_LIMIT} characters.` })
      .superRefine((v, c) => {
        const problem = templateProblems(v);
        if (problem) c.addIssue({ code: "custom", message: problem });
      }),
  })
  .strict();
export type TTemplate = z.infer<typeof ZTemplate>;

const fields = { id: true, name: true, body: true, updatedAt: true } as const;
const json = (t: { id: string; name: string; body: string; updatedAt: Date }) => ({ ...t, updatedAt: t.updatedAt.toISOString() });
export type TReplyTemplate = ReturnType<typeof json>;

export async function listTemplates(ctx: OrgContext) {
  const rows = await db.replyTemplate.findMany({ where: { organizationId: ctx.orgId }, select: fields, orderBy: { name: "asc" } });
  return { templates: rows.map(json), variables: TEMPLATE_VARIABLES };
}

const taken = () => conflict("A template with this name already exists.", "name");

export async function createTemplate(ctx: OrgContext, input: TTemplate) {
  try {
    const t = await db.$transaction(async (tx) => {
      const t = await tx.replyTemplate.create({ data: { organizationId: ctx.orgId, ...input, ...actorColumns(ctx.actor, "updatedBy") }, select: fields });
      await recordAudit({ organizationId: ctx.orgId, action: "review_template.created", actor: ctx.actor, target: { type: "reply_template", id: t.id, label: t.name }, client: ctx.client }, tx);
      return t;
    });
    return { template: json(t) };
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}

export async function updateTemplate(ctx: OrgContext, templateId: string, input: TTemplate) {
  try {
    const t = await db.$transaction(async (tx) => {
      const found = await tx.replyTemplate.updateMany({ where: { id: templateId, organizationId: ctx.orgId }, data: { ...input, ...actorColumns(ctx.actor, "updatedBy") } });
      if (found.count === 0) throw notFound("Template");
      await recordAudit({ organizationId: ctx.orgId, action: "review_template.updated", actor: ctx.actor, target: { type: "reply_template", id: templateId, label: input.name }, client: ctx.client }, tx);
      return tx.replyTemplate.findFirstOrThrow({ where: { id: templateId, organizationId: ctx.orgId }, select: fields });
    });
    return { template: json(t) };
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}

export async function deleteTemplate(ctx: OrgContext, templateId: string) {
  await db.$transaction(async (tx) => {
    const t = await tx.replyTemplate.findFirst({ where: { id: templateId, organizationId: ctx.orgId }, select: { name: true } });
    if (!t) throw notFound("Template");
    await tx.replyTemplate.delete({ where: { id: templateId } });
    await recordAudit({ organizationId: ctx.orgId, action: "review_template.deleted", actor: ctx.actor, target: { type: "reply_template", id: templateId, label: t.name }, client: ctx.client }, tx);
  });
}
