import { z } from "zod";
import { tokenWithin } from "@/lib/api-tokens/visibility";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { allowedConnectionIds } from "@/lib/tenancy/scope";
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

/** Target types about the organisation as a whole: they name no connection or app. */
const ORG_WIDE_TARGETS = ["organization", "member", "reply_template", "alert_channel", "alert_rule"];
/** Org-wide actions whose details list connections by id (someone's grants, a token's reach). */
const LISTS_CONNECTIONS = ["member.access_changed", "api_token.narrowed", "approval.settings_changed"];

/**
 * For a member limited to some connections (an agency admin serving one client), the events
 * they may read: about a granted connection, about an app or review of one (the connection
 * recorded in the event's metadata), about a token that reaches only granted connections,
 * and organisation-wide events that name no connection. Anything else is left out, as are
 * events that do not record which connection they concern and invitations, which grant every
 * connection. Null when the member sees every connection.
 */
async function connectionScope(ctx: OrgContext): Promise<Prisma.AuditEventWhereInput | null> {
  const allowed = await allowedConnectionIds(ctx);
  if (allowed === "all") return null;
  // The tokens the member's token list shows them: those reaching only granted connections.
  const tokens = await db.apiToken.findMany({ where: { organizationId: ctx.orgId, restrictConnections: true }, select: { id: true, restrictConnections: true, connectionIds: true } });
  const tokenIds = tokens.filter((t) => tokenWithin(allowed, t)).map((t) => t.id);
  const or: Prisma.AuditEventWhereInput[] = [
    { targetType: "connection", targetId: { in: allowed } },
    { targetType: "api_token", targetId: { in: tokenIds } },
    { targetType: { in: ORG_WIDE_TARGETS }, action: { notIn: LISTS_CONNECTIONS } },
  ];
  if (allowed.length) or.push({ targetType: { in: ["app", "review"] }, OR: allowed.map((id) => ({ metadata: { path: ["connectionId"], equals: id } })) });
  return { OR: or };
}

/**
 * Events recorded for the organisation, newest first, keyset-paged. Account events (sign-ins,
 * password changes) are the user's own and appear on their account page, never here.
 */
export async function listAuditEvents(ctx: OrgContext, f: TAuditFilter) {
  const and: Prisma.AuditEventWhereInput[] = [{ organizationId: ctx.orgId }];
  const scope = await connectionScope(ctx);
  if (scope) and.push(scope);
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
