import { z } from "zod";
import { db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { allowedConnectionIds } from "@/lib/tenancy/scope";
import { memberUserId } from "@/lib/tenancy/actor";

const list = <T extends z.ZodType>(item: T, field: string) =>
  z
    .string()
    .max(500, `${field} is too long.`)
    .transform((v, c) => {
      const parts = [...new Set(v.split(",").map((p) => p.trim()).filter(Boolean))];
      const bad = parts.find((p) => !item.safeParse(p).success);
      if (bad !== undefined) {
        c.addIssue({ code: "custom", message: `${field} has a value it does not know: "${bad}".` });
        return z.NEVER;
      }
      return parts.map((p) => item.parse(p) as z.infer<T>);
    });

const day = (field: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${field} is a date like 2026-01-31.`).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), `${field} is not a real date.`);

/**
 * The inbox filters, as they appear in the page's URL and in /api/v1/reviews. Every
 * filter narrows; lists (rating=1,2) mean any of them.
 */
export const ZReviewQuery = z
  .object({
    app: z.string().max(40, "app is an app id.").optional(),
    connection: z.string().max(40, "connection is a connection id.").optional(),
    rating: list(z.coerce.number().int().min(1).max(5), "rating").optional(),
    territory: list(z.string().regex(/^[A-Z]{3}$/), "territory").optional(),
    replied: z.enum(["yes", "no"], { message: "replied is yes or no." }).optional(),
    assigned: z
      .string()
      .regex(/^(me|none|any|[a-z0-9]{20,40})$/, "assigned is me, none, any or a member's user id.")
      .optional(),
    from: day("from").optional(),
    to: day("to").optional(),
    q: z.string().trim().max(200, "q is at most 200 characters.").optional(),
    limit: z.coerce.number({ message: "limit is a number from 1 to 100." }).int("limit is a whole number.").min(1, "limit is at least 1.").max(100, "limit is at most 100.").default(25),
    cursor: z.string().max(200, "Not a cursor this API gave out.").optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from is after to.", path: ["from"] });
export type TReviewQuery = z.infer<typeof ZReviewQuery>;
export type TReviewFilters = Omit<TReviewQuery, "limit" | "cursor">;

/** Reads a query from URL parameters (the page's and the API's); empty values are no filter. */
export function parseReviewQuery(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v] as const);
  return ZReviewQuery.safeParse(Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== "")));
}

const encodeCursor = (r: { createdDate: Date; id: string }) => Buffer.from(`${r.createdDate.toISOString()}|${r.id}`).toString("base64url");
function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdDate = new Date(at ?? "");
  if (!id || Number.isNaN(createdDate.getTime())) throw invalid("cursor", "Not a cursor this API gave out.");
  return { createdDate, id };
}

/** `%`, `_` and `\` are literal in a search. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type Facets = { rating?: boolean; replied?: boolean; assigned?: boolean };

/** The WHERE of a query, scoped to the organisation and the member's connections. `skip` leaves facets out (for their counts). */
async function whereOf(ctx: OrgContext, f: TReviewFilters, skip: Facets = {}) {
  const parts: Prisma.Sql[] = [Prisma.sql`r."organizationId" = ${ctx.orgId}`];
  const allowed = await allowedConnectionIds(ctx);
  if (allowed !== "all") parts.push(allowed.length ? Prisma.sql`r."connectionId" IN (${Prisma.join(allowed)})` : Prisma.sql`FALSE`);
  if (f.app) parts.push(Prisma.sql`r."appId" = ${f.app}`);
  if (f.connection) parts.push(Prisma.sql`r."connectionId" = ${f.connection}`);
  if (f.territory?.length) parts.push(Prisma.sql`r."territory" IN (${Prisma.join(f.territory)})`);
  if (f.from) parts.push(Prisma.sql`r."createdDate" >= ${new Date(`${f.from}T00:00:00Z`)}`);
  if (f.to) parts.push(Prisma.sql`r."createdDate" < ${new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000)}`);
  for (const term of (f.q ?? "").split(/\s+/).filter(Boolean).slice(0, 8)) {
    const p = likePattern(term);
    parts.push(Prisma.sql`(r."title" ILIKE ${p} OR r."body" ILIKE ${p})`);
  }
  if (!skip.rating && f.rating?.length) parts.push(Prisma.sql`r."rating" IN (${Prisma.join(f.rating)})`);
  if (!skip.replied && f.replied) parts.push(f.replied === "yes" ? Prisma.sql`r."responseAppleId" IS NOT NULL` : Prisma.sql`r."responseAppleId" IS NULL`);
  if (!skip.assigned && f.assigned === "me") parts.push(assignedToMe(ctx));
  if (!skip.assigned && f.assigned === "none") parts.push(Prisma.sql`r."assignedToId" IS NULL`);
  if (!skip.assigned && f.assigned && !["me", "none", "any"].includes(f.assigned)) parts.push(Prisma.sql`r."assignedToId" = ${f.assigned}`);
  return Prisma.join(parts, " AND ");
}

type Row = {
  id: string;
  appId: string;
  appName: string;
  connectionId: string;
  connectionName: string;
  rating: number;
  title: string | null;
  body: string | null;
  reviewerNickname: string | null;
  territory: string | null;
  createdDate: Date;
  responseBody: string | null;
  responseState: string | null;
  responseModifiedDate: Date | null;
  editedAfterReplyAt: Date | null;
  assignedToId: string | null;
  assignedToEmail: string | null;
  assignedToName: string | null;
  replyingByEmail: string | null;
  pendingId: string | null;
  pendingBody: string | null;
  pendingStatus: "PENDING" | "REJECTED" | null;
  pendingAuthorId: string | null;
  pendingAuthorEmail: string | null;
  pendingComment: string | null;
  pendingDecidedByEmail: string | null;
  pendingDecidedAt: Date | null;
  pendingUpdatedAt: Date | null;
};

/** A reply waiting for approval, or the last one rejected, until a reply is sent. */
function pendingJson(r: Row) {
  if (!r.pendingId || !r.pendingStatus) return null;
  return {
    id: r.pendingId,
    body: r.pendingBody ?? "",
    status: r.pendingStatus,
    author: r.pendingAuthorEmail ?? "",
    authorId: r.pendingAuthorId,
    submittedAt: r.pendingUpdatedAt?.toISOString() ?? "",
    decidedBy: r.pendingDecidedByEmail,
    decidedAt: r.pendingDecidedAt?.toISOString() ?? null,
    comment: r.pendingComment,
  };
}

export function reviewJson(r: Row) {
  return {
    id: r.id,
    app: { id: r.appId, name: r.appName },
    connection: { id: r.connectionId, name: r.connectionName },
    rating: r.rating,
    title: r.title,
    body: r.body,
    reviewerNickname: r.reviewerNickname,
    territory: r.territory,
    createdDate: r.createdDate.toISOString(),
    response: r.responseBody === null ? null : { body: r.responseBody, state: r.responseState, modifiedDate: r.responseModifiedDate?.toISOString() ?? null },
    replyMayBeOutdated: r.editedAfterReplyAt !== null,
    assignedTo: r.assignedToId ? { id: r.assignedToId, email: r.assignedToEmail ?? "", name: r.assignedToName } : null,
    replyingBy: r.replyingByEmail,
    pendingReply: pendingJson(r),
  };
}
export type TInboxReview = ReturnType<typeof reviewJson>;

/** Reviews assigned to the signed-in member; none for an API token or the operator, who are never assigned. */
function assignedToMe(ctx: OrgContext) {
  const me = memberUserId(ctx);
  return me ? Prisma.sql`r."assignedToId" = ${me}` : Prisma.sql`FALSE`;
}

const selectRows = (where: Prisma.Sql, tail: Prisma.Sql) => Prisma.sql`
  SELECT r."id", r."appId", a."name" AS "appName", r."connectionId", c."name" AS "connectionName", r."rating", r."title", r."body",
         r."reviewerNickname", r."territory", r."createdDate", r."responseBody", r."responseState", r."responseModifiedDate",
         r."editedAfterReplyAt", r."assignedToId", u."email" AS "assignedToEmail", u."name" AS "assignedToName",
         CASE WHEN r."replyingAt" > now() - interval '2 minutes' THEN coalesce(ru."email", 'API token “' || rt."name" || '”') END AS "replyingByEmail",
         p."id" AS "pendingId", p."body" AS "pendingBody", p."status"::text AS "pendingStatus", p."authorId" AS "pendingAuthorId", p."authorEmail" AS "pendingAuthorEmail",
         p."comment" AS "pendingComment", p."decidedByEmail" AS "pendingDecidedByEmail", p."decidedAt" AS "pendingDecidedAt", p."updatedAt" AS "pendingUpdatedAt"
  FROM "SyncedReview" r
  JOIN "SyncedApp" a ON a."id" = r."appId"
  JOIN "Connection" c ON c."id" = r."connectionId"
  LEFT JOIN "User" u ON u."id" = r."assignedToId"
  LEFT JOIN "User" ru ON ru."id" = r."replyingById"
  LEFT JOIN "ApiToken" rt ON rt."id" = r."replyingByTokenId"
  LEFT JOIN "PendingReply" p ON p."reviewId" = r."id" AND p."status" IN ('PENDING', 'REJECTED')
  WHERE ${where} ${tail}`;

/**
 * One page of the inbox, newest first. The cursor is the last row's (createdDate, id), so
 * a page is an index seek however deep it is, and stays stable while new reviews arrive.
 */
export async function listReviews(ctx: OrgContext, q: TReviewQuery) {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  let where = await whereOf(ctx, q);
  if (after) where = Prisma.sql`${where} AND (r."createdDate", r."id") < (${after.createdDate}, ${after.id})`;
  const rows = await db.$queryRaw<Row[]>(selectRows(where, Prisma.sql`ORDER BY r."createdDate" DESC, r."id" DESC LIMIT ${q.limit + 1}`));
  const page = rows.slice(0, q.limit);
  return { reviews: page.map(reviewJson), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
}

/** One review as the inbox shows it, or null when the member may not see it. */
export async function inboxReview(ctx: OrgContext, reviewId: string) {
  const where = Prisma.sql`${await whereOf(ctx, {})} AND r."id" = ${reviewId}`;
  const rows = await db.$queryRaw<Row[]>(selectRows(where, Prisma.empty));
  return rows[0] ? reviewJson(rows[0]) : null;
}

/** The reviews whose reply waits for approval, oldest submission first, among those the member may see. */
export async function reviewsAwaitingApproval(ctx: OrgContext, limit = 200) {
  const where = Prisma.sql`${await whereOf(ctx, {})} AND p."status" = 'PENDING'`;
  const rows = await db.$queryRaw<Row[]>(selectRows(where, Prisma.sql`ORDER BY p."updatedAt" ASC, p."id" ASC LIMIT ${limit}`));
  return rows.map(reviewJson);
}

/**
 * How many reviews each choice of the rating, replied and assigned filters would show,
 * with every other filter applied: one pass over the matching rows.
 */
export async function reviewCounts(ctx: OrgContext, f: TReviewFilters) {
  const where = await whereOf(ctx, f, { rating: true, replied: true, assigned: true });
  const ratingOk = f.rating?.length ? Prisma.sql`r."rating" IN (${Prisma.join(f.rating)})` : Prisma.sql`TRUE`;
  const repliedOk = f.replied === "yes" ? Prisma.sql`r."responseAppleId" IS NOT NULL` : f.replied === "no" ? Prisma.sql`r."responseAppleId" IS NULL` : Prisma.sql`TRUE`;
  const assignedOk =
    f.assigned === "me"
      ? assignedToMe(ctx)
      : f.assigned === "none"
        ? Prisma.sql`r."assignedToId" IS NULL`
        : f.assigned && f.assigned !== "any"
          ? Prisma.sql`r."assignedToId" = ${f.assigned}`
          : Prisma.sql`TRUE`;
  const [c] = await db.$queryRaw<Record<string, bigint>[]>(Prisma.sql`
    SELECT
      count(*) FILTER (WHERE ${ratingOk} AND ${repliedOk} AND ${assignedOk}) AS "total",
      ${Prisma.join([1, 2, 3, 4, 5].map((n) => Prisma.sql`count(*) FILTER (WHERE r."rating" = ${n} AND ${repliedOk} AND ${assignedOk}) AS ${Prisma.raw(`"rating${n}"`)}`))},
      count(*) FILTER (WHERE r."responseAppleId" IS NOT NULL AND ${ratingOk} AND ${assignedOk}) AS "replied",
      count(*) FILTER (WHERE r."responseAppleId" IS NULL AND ${ratingOk} AND ${assignedOk}) AS "unreplied",
      count(*) FILTER (WHERE ${assignedToMe(ctx)} AND ${ratingOk} AND ${repliedOk}) AS "assignedToMe",
      count(*) FILTER (WHERE r."assignedToId" IS NULL AND ${ratingOk} AND ${repliedOk}) AS "unassigned"
    FROM "SyncedReview" r WHERE ${where}`);
  const n = (k: string) => Number(c?.[k] ?? 0);
  return {
    total: n("total"),
    rating: { 1: n("rating1"), 2: n("rating2"), 3: n("rating3"), 4: n("rating4"), 5: n("rating5") },
    replied: { yes: n("replied"), no: n("unreplied") },
    assigned: { me: n("assignedToMe"), none: n("unassigned") },
  };
}
export type TReviewCounts = Awaited<ReturnType<typeof reviewCounts>>;

/** What the filter menus offer: the apps, connections and territories the member's reviews come from. */
export async function inboxChoices(ctx: OrgContext) {
  const allowed = await allowedConnectionIds(ctx);
  const conn = allowed === "all" ? {} : { id: { in: allowed } };
  const scope = await whereOf(ctx, {});
  const [connections, apps, territories] = await Promise.all([
    db.connection.findMany({ where: { organizationId: ctx.orgId, ...conn }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.syncedApp.findMany({ where: { organizationId: ctx.orgId, ...(allowed === "all" ? {} : { connectionId: { in: allowed } }) }, select: { id: true, name: true, connectionId: true }, orderBy: { name: "asc" } }),
    // A skip scan of the territory index: one seek per distinct territory, not a pass over every review.
    db.$queryRaw<{ territory: string }[]>(Prisma.sql`
      WITH RECURSIVE t AS (
        (SELECT r."territory" FROM "SyncedReview" r WHERE ${scope} AND r."territory" IS NOT NULL ORDER BY r."territory" LIMIT 1)
        UNION ALL
        SELECT (SELECT r."territory" FROM "SyncedReview" r WHERE ${scope} AND r."territory" > t."territory" ORDER BY r."territory" LIMIT 1) FROM t WHERE t."territory" IS NOT NULL
      ) SELECT "territory" FROM t WHERE "territory" IS NOT NULL`),
  ]);
  return { connections, apps, territories: territories.map((t) => t.territory) };
}
