import type { NextRequest } from "next/server";
import { notFound } from "@/lib/errors";
import { zodToAppError } from "@/lib/http/route";
import type { OrgContext } from "@/lib/tenancy/context";
import { assignReview, type ZAssign } from "./assign";
import { inboxReview, listReviews, parseReviewQuery, reviewCounts } from "./inbox";
import { deleteReply, editReply, replyToReview, type ZReply } from "./replies";
import type { z } from "zod";

/**
 * The handlers behind both the members' routes and /api/v1/reviews, so a helpdesk sees
 * exactly what the inbox does.
 */
type Args<B = unknown> = { ctx: OrgContext; params: Record<string, string>; req: NextRequest; body: B };

function query(req: NextRequest) {
  const q = parseReviewQuery(req.nextUrl.searchParams);
  if (!q.success) throw zodToAppError(q.error);
  return q.data;
}

async function current(ctx: OrgContext, reviewId: string) {
  const review = await inboxReview(ctx, reviewId);
  if (!review) throw notFound("Review");
  return { review };
}

export const reviewHandlers = {
  list: ({ ctx, req }: Args) => listReviews(ctx, query(req)),
  counts: async ({ ctx, req }: Args) => ({ counts: await reviewCounts(ctx, query(req)) }),
  reply: async ({ ctx, params, body }: Args<z.infer<typeof ZReply>>) => {
    await replyToReview(ctx, params.reviewId, body.body);
    return current(ctx, params.reviewId);
  },
  edit: async ({ ctx, params, body }: Args<z.infer<typeof ZReply>>) => {
    await editReply(ctx, params.reviewId, body.body);
    return current(ctx, params.reviewId);
  },
  remove: async ({ ctx, params }: Args) => {
    await deleteReply(ctx, params.reviewId);
    return current(ctx, params.reviewId);
  },
  assign: async ({ ctx, params, body }: Args<z.infer<typeof ZAssign>>) => {
    await assignReview(ctx, params.reviewId, body.userId);
    return current(ctx, params.reviewId);
  },
};
