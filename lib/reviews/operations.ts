import { z } from "zod";
import { notFound } from "@/lib/errors";
import { defineOperation, removal } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import type { OrgContext } from "@/lib/tenancy/context";
import { assignReview, ZAssign } from "./assign";
import { inboxReview, listReviews, reviewCounts, ZReviewQuery } from "./inbox";
import { deleteReply, editReply, keepReplyAtApple, replyToReview, ZReply } from "./replies";
import { ReplyExistsAtApple } from "./reply-at-apple";
import { createTemplate, deleteTemplate, listTemplates, updateTemplate, ZTemplate } from "./templates";

const ZResponseState = z.enum(["PENDING_PUBLISH", "PUBLISHED"]).nullable();
export const ZPendingReply = z.object({
  id: z.string(),
  body: z.string().describe("The reply as it waits (or as it was rejected)"),
  status: z.enum(["PENDING", "REJECTED"]).describe("`PENDING` until an owner or admin approves or rejects it; an approved reply is the review's `response`"),
  author: z.string().describe("Email of the member who wrote it"),
  authorId: z.string().nullable().describe("User id of the member who wrote it"),
  submittedAt: z.string().describe("ISO 8601"),
  decidedBy: z.string().nullable().describe("Who rejected it"),
  decidedAt: z.string().nullable().describe("ISO 8601"),
  comment: z.string().nullable().describe("Why it was rejected"),
});
export const ZReview = z.object({
  id: z.string(),
  app: z.object({ id: z.string(), name: z.string() }),
  connection: z.object({ id: z.string(), name: z.string() }),
  rating: z.number().int().min(1).max(5),
  title: z.string().nullable(),
  body: z.string().nullable(),
  reviewerNickname: z.string().nullable(),
  territory: z.string().nullable().describe("ISO 3166-1 alpha-3 App Store territory"),
  createdDate: z.string().describe("ISO 8601"),
  response: z.object({ body: z.string(), state: ZResponseState, modifiedDate: z.string().nullable() }).nullable().describe("The developer response; null when unreplied"),
  replyMayBeOutdated: z.boolean().describe("The review's title, text or rating changed after the reply was published; cleared when a new reply is published"),
  assignedTo: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
  replyingBy: z.string().nullable().describe("Email of a member sending a reply right now"),
  pendingReply: ZPendingReply.nullable().describe("A reply waiting for approval, or the last one rejected; null once a reply is sent"),
});
export const ZOneReview = z.object({ review: ZReview });
/** A reply at App Store Connect that our copy does not know: nothing was sent, and the reply found comes back. */
const ZReplyExists = z.object({
  error: z.object({
    code: z.string().describe("`REPLY_EXISTS_AT_APPLE`, or another conflict code (`conflict`) with Apple's reason in `message`"),
    message: z.string(),
    field: z.string().optional(),
    found: z
      .object({ id: z.string(), body: z.string(), state: ZResponseState, modifiedDate: z.string().nullable().describe("ISO 8601") })
      .optional()
      .describe("With REPLY_EXISTS_AT_APPLE: the reply at App Store Connect now. Send again with `replace: { responseId: found.id, responseBody: found.body }` to overwrite it"),
  }),
});
export const replyConflict = {
  description:
    "REPLY_EXISTS_AT_APPLE: App Store Connect holds a reply our copy does not know (written there since the last sync). Apple's POST overwrites, so nothing was sent; `found` is that reply. Otherwise App Store Connect refused the reply, or a member is replying right now",
  schema: ZReplyExists,
};
const ZCounts = z.object({
  counts: z.object({
    total: z.number().int(),
    rating: z.record(z.enum(["1", "2", "3", "4", "5"]), z.number().int()),
    replied: z.object({ yes: z.number().int(), no: z.number().int() }),
    assigned: z.object({ me: z.number().int(), none: z.number().int() }),
  }),
});
const ZTemplateRow = z.object({ id: z.string(), name: z.string(), body: z.string(), updatedAt: z.string() });
const noReview = "No such review for this token";
const filterDocs = {
  app: "Our app id (`id` in /apps)",
  connection: "A connection id",
  rating: "Star ratings, comma-separated: `1,2`",
  territory: "Territory codes, comma-separated: `USA,GBR`",
  replied: "`yes` or `no`",
  assigned: "`none`, `any`, or a member's user id (`assignedTo.id`); `me` is the signed-in member and matches nothing for an API token",
  from: "First day, `YYYY-MM-DD` (UTC), inclusive",
  to: "Last day, `YYYY-MM-DD` (UTC), inclusive",
  q: "Words that must all appear in the title or body (case-insensitive, literal)",
  cursor: "`nextCursor` of the previous page",
};

export async function current(ctx: OrgContext, reviewId: string) {
  const review = await inboxReview(ctx, reviewId);
  if (!review) throw notFound("Review");
  return { review };
}

/** A reply found at App Store Connect answers 409 with its own code and the reply, for the member to decide. */
export async function orFoundReply<T>(work: Promise<T>): Promise<T | Response> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ReplyExistsAtApple) return Response.json(e.body(), { status: 409 });
    throw e;
  }
}

/** A reply held for approval answers 202 with the review and the reply waiting. */
const held = {
  status: 202,
  description: "Held for approval: the member's replies need an owner's or admin's approval, so nothing was sent; the review and its `pendingReply`",
  schema: ZOneReview.extend({ pendingReply: ZPendingReply }),
} as const;

/** The review as it now is; 202 with the pending reply when the reply waits for approval. */
async function afterReply(ctx: OrgContext, reviewId: string, outcome: Awaited<ReturnType<typeof replyToReview>>) {
  if (!("awaitingApproval" in outcome)) return current(ctx, reviewId);
  return Response.json({ ...(await current(ctx, reviewId)), pendingReply: outcome.awaitingApproval }, { status: 202, headers: { "cache-control": "no-store" } });
}

const reply = { access: "reviews.reply", alsoOk: held, errors: { 404: noReview, 409: replyConflict, 422: "Empty or too long; `field` is `body`" } } as const;
const replyDescription =
  "The review's reply at App Store Connect is read first: Apple's create overwrites an existing reply, so one our copy does not know is never overwritten without `replace` (409 REPLY_EXISTS_AT_APPLE otherwise). Length is counted in UTF-16 code units, as App Store Connect counts it: at most 5970, an emoji outside the BMP counts 2. When the organisation has reply approval on and the member's replies need approval, nothing is sent: the reply waits for an owner or admin (202, `pendingReply`), replacing any reply of the review already waiting. API tokens are never held.";

export const reviewOperations = [
  defineOperation({
    id: "reviews.list", method: "GET", path: "/api/orgs/[orgId]/reviews", apiPath: "/api/v1/reviews", access: "reviews.read", summary: "Customer reviews the token may see, newest first, filtered like the inbox",
    description: "A keyset page: pass `nextCursor` back as `cursor` for the next (older) page; pages stay stable while new reviews arrive.",
    query: ZReviewQuery,
    params: filterDocs,
    ok: { status: 200, description: "Reviews", schema: z.object({ reviews: z.array(ZReview), nextCursor: z.string().nullable() }) },
    errors: { 422: "Invalid filter, limit or cursor; `field` names it" },
    handler: ({ ctx, query }) => listReviews(ctx, query),
  }),
  defineOperation({
    id: "reviews.counts", method: "GET", path: "/api/orgs/[orgId]/reviews/counts", apiPath: "/api/v1/reviews/counts", access: "reviews.read", summary: "How many reviews each rating, replied and assigned choice would show, with the other filters applied",
    query: ZReviewQuery,
    params: filterDocs,
    ok: { status: 200, description: "Counts", schema: ZCounts },
    errors: { 422: "Invalid filter; `field` names it" },
    handler: async ({ ctx, query }) => ({ counts: await reviewCounts(ctx, query) }),
  }),
  defineOperation({
    id: "reviews.reply", method: "POST", path: "/api/orgs/[orgId]/reviews/[reviewId]/response", apiPath: "/api/v1/reviews/[reviewId]/response",
    ...reply,
    summary: "Reply to a review through App Store Connect",
    description: replyDescription,
    body: ZReply,
    ok: { status: 201, description: "Sent; the review as it now is", schema: ZOneReview },
    handler: ({ ctx, params, body }) => orFoundReply(replyToReview(ctx, params.reviewId, body.body, { replace: body.replace }).then((r) => afterReply(ctx, params.reviewId, r))),
  }),
  defineOperation({
    id: "reviews.editReply", method: "PUT", path: "/api/orgs/[orgId]/reviews/[reviewId]/response", apiPath: "/api/v1/reviews/[reviewId]/response",
    ...reply,
    summary: "Send an edit of our reply: one create-or-overwrite at App Store Connect, checked like a new reply against the reply there now",
    description: replyDescription,
    body: ZReply,
    ok: { status: 200, description: "Sent; the review as it now is", schema: ZOneReview },
    handler: ({ ctx, params, body }) => orFoundReply(editReply(ctx, params.reviewId, body.body, { replace: body.replace }).then((r) => afterReply(ctx, params.reviewId, r))),
  }),
  defineOperation({
    id: "reviews.deleteReply", method: "DELETE", path: "/api/orgs/[orgId]/reviews/[reviewId]/response", apiPath: "/api/v1/reviews/[reviewId]/response", access: "reviews.reply", summary: "Delete the reply at App Store Connect (refused with REPLY_EXISTS_AT_APPLE when the reply there changed since the last sync)",
    ok: { status: 200, description: "Deleted; the review as it now is", schema: ZOneReview },
    errors: { 404: noReview, 409: replyConflict },
    handler: ({ ctx, params }) => orFoundReply(deleteReply(ctx, params.reviewId).then(() => current(ctx, params.reviewId))),
  }),
  defineOperation({
    id: "reviews.keepTheirs", method: "POST", path: "/api/orgs/[orgId]/reviews/[reviewId]/response/keep", access: "reviews.reply", summary: "\"Keep theirs\": our copy of the reply becomes the one found at App Store Connect; nothing is sent there",
    ok: { status: 201, description: "The review as it now is", schema: ZOneReview },
    handler: async ({ ctx, params }) => {
      await keepReplyAtApple(ctx, params.reviewId);
      return current(ctx, params.reviewId);
    },
  }),
  defineOperation({
    id: "reviews.assign", method: "PUT", path: "/api/orgs/[orgId]/reviews/[reviewId]/assignee", apiPath: "/api/v1/reviews/[reviewId]/assignee", access: "reviews.reply", summary: "Assign the review to a member who may reply, or to nobody with null",
    body: ZAssign,
    ok: { status: 200, description: "Assigned", schema: ZOneReview },
    errors: { 404: noReview, 422: "Not a member who can reply to this review" },
    handler: async ({ ctx, params, body }) => {
      await assignReview(ctx, params.reviewId, body.userId);
      return current(ctx, params.reviewId);
    },
  }),
  defineOperation({
    id: "reviewTemplates.list", method: "GET", path: "/api/orgs/[orgId]/review-templates", access: "reviews.read", summary: "The organisation's reply templates and the variables they may use",
    ok: { status: 200, description: "Templates", schema: z.object({ templates: z.array(ZTemplateRow), variables: z.record(z.string(), z.string()) }) },
    handler: ({ ctx }) => listTemplates(ctx),
  }),
  defineOperation({
    id: "reviewTemplates.create", method: "POST", path: "/api/orgs/[orgId]/review-templates", access: "reviews.reply", summary: "Add a reply template",
    body: ZTemplate,
    ok: { status: 201, description: "Added", schema: z.object({ template: ZTemplateRow }) },
    handler: ({ ctx, body }) => createTemplate(ctx, body),
  }),
  defineOperation({
    id: "reviewTemplates.update", method: "PUT", path: "/api/orgs/[orgId]/review-templates/[templateId]", access: "reviews.reply", summary: "Change a reply template",
    body: ZTemplate,
    ok: { status: 200, description: "Changed", schema: z.object({ template: ZTemplateRow }) },
    handler: ({ ctx, body, params }) => updateTemplate(ctx, params.templateId, body),
  }),
  removal({
    id: "reviewTemplates.delete", path: "/api/orgs/[orgId]/review-templates/[templateId]", access: "reviews.reply", summary: "Delete a reply template",
    remove: (ctx, params) => deleteTemplate(ctx, params.templateId),
  }),
];

export const routes = mount(reviewOperations);
