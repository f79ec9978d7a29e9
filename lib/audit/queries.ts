import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { AUDIT_ACTION_NAMES } from "./actions";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31.");

export const ZAuditFilter = z.object({
  actor: z.string().trim().max(254).optional().transform((v) => v || undefined),
  action: z.union([z.literal(""), z.enum(AUDIT_ACTION_NAMES, { message: "Unknown action." })]).optional().transform((v) => v || undefined),
  from: z.union([z.literal(""), ZDay]).optional().transform((v) => v || undefined),
  to: z.union([z.literal(""), ZDay]).optional().transform((v) => v || undefined),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

function encodeCursor(e: { createdAt: Date; id: string }) {
  return Buffer.from(`${e.createdAt.toISOString()}|${e.id}`).toString("base64url");
}
function decodeCursor(c: string): { createdAt: Date; id: string } | null {
  const [iso, id] = Buffer.from(c, "base64url").toString().split("|");
  const d = new Date(iso);
  return id && !Number.isNaN(d.getTime()) ? { createdAt: d, id } : null;
}

/**
 * Events of the organisation, plus the account events (sign-ins, failures, password
 * changes) of its current members since they joined. Newest first, keyset-paged.
 */
export async function listAuditEvents(ctx: OrgContext, f: TAuditFilter) {
  // A member's account events count only from the day they joined.
  const members = await db.membership.findMany({ where: { organizationId: ctx.orgId }, select: { userId: true, createdAt: true } });
  const accountEvents: Prisma.AuditEventWhereInput[] = members.map((m) => ({
    organizationId: null,
    actorId: m.userId,
    action: { startsWith: "auth." },
    createdAt: { gte: m.createdAt },
  }));
  const and: Prisma.AuditEventWhereInput[] = [{ OR: [{ organizationId: ctx.orgId }, ...accountEvents] }];
  if (f.actor) and.push({ actorEmail: { contains: f.actor.toLowerCase(), mode: "insensitive" } });
  if (f.action) and.push({ action: f.action });
  if (f.from) and.push({ createdAt: { gte: new Date(`${f.from}T00:00:00Z`) } });
  if (f.to) and.push({ createdAt: { lt: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) } });
  const cur = f.cursor ? decodeCursor(f.cursor) : null;
  if (cur) and.push({ OR: [{ createdAt: { lt: cur.createdAt } }, { createdAt: cur.createdAt, id: { lt: cur.id } }] });

  const rows = await db.auditEvent.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: f.limit + 1,
    select: {
      id: true, action: true, actorEmail: true, targetType: true, targetLabel: true, metadata: true, ip: true, userAgent: true, createdAt: true,
    },
  });
  const page = rows.slice(0, f.limit);
  return {
    events: page.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    nextCursor: rows.length > f.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}
