import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { approvePendingReply, listPendingReplies, rejectPendingReply, ZApproveReply, ZRejectReply } from "./approvals";
import { current, orFoundReply, replyConflict, ZOneReview, ZPendingReply, ZReview } from "./operations";

const noPending = "No reply waiting for approval with this id on a connection the caller may see";
const params = { pendingReplyId: "`id` of a reply in GET /reply-approvals" };

/** Owners and admins approve, edit or reject the replies of members whose replies need approval. */
export const replyApprovalOperations = [
  defineOperation({
    id: "replyApprovals.list", method: "GET", path: "/api/orgs/[orgId]/reply-approvals", apiPath: "/api/v1/reply-approvals", access: "replies.approve",
    summary: "Replies waiting for approval on the reviews the caller may see, oldest first, each with its review",
    ok: { status: 200, description: "Replies waiting", schema: z.object({ pendingReplies: z.array(ZPendingReply.extend({ review: ZReview })) }) },
    handler: async ({ ctx }) => ({ pendingReplies: await listPendingReplies(ctx) }),
  }),
  defineOperation({
    id: "replyApprovals.approve", method: "POST", path: "/api/orgs/[orgId]/reply-approvals/[pendingReplyId]/approve", apiPath: "/api/v1/reply-approvals/[pendingReplyId]/approve", access: "replies.approve",
    summary: "Approve a reply, as written or edited (`body`), and send it to App Store Connect",
    description:
      "Sent like any reply: the review's reply at App Store Connect is read first, and one our copy does not know is never overwritten without `replace` (409 REPLY_EXISTS_AT_APPLE, the reply stays waiting). A reply already decided, or changed by its author meanwhile, answers 409 and nothing is sent.",
    params,
    body: ZApproveReply,
    bodyOptional: true,
    ok: { status: 200, description: "Approved and sent; the review as it now is", schema: ZOneReview },
    errors: { 404: noPending, 409: replyConflict, 422: "An empty or too long `body`; `field` names it" },
    handler: ({ ctx, params, body }) => orFoundReply(approvePendingReply(ctx, params.pendingReplyId, body).then((r) => current(ctx, r.reviewId))),
  }),
  defineOperation({
    id: "replyApprovals.reject", method: "POST", path: "/api/orgs/[orgId]/reply-approvals/[pendingReplyId]/reject", apiPath: "/api/v1/reply-approvals/[pendingReplyId]/reject", access: "replies.approve",
    summary: "Reject a reply with a comment for its author; nothing is sent",
    params,
    body: ZRejectReply,
    ok: { status: 200, description: "Rejected; the review as it now is, its `pendingReply` rejected with the comment", schema: ZOneReview },
    errors: { 404: noPending, 409: "The reply was already approved or rejected", 422: "No `comment`, or one too long" },
    handler: async ({ ctx, params, body }) => {
      const { reviewId } = await rejectPendingReply(ctx, params.pendingReplyId, body.comment);
      return current(ctx, reviewId);
    },
  }),
];

export const routes = mount(replyApprovalOperations);
