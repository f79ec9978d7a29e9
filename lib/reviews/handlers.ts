import { NextResponse, type NextRequest } from "next/server";
import { notFound } from "@/lib/errors";
import { zodToAppError } from "@/lib/http/route";
import type { OrgContext } from "@/lib/tenancy/context";
import { assignReview, type ZAssign } from "./assign";
import { inboxReview, listReviews, parseReviewQuery, reviewCounts } from "./inbox";
import { deleteReply, editReply, keepReplyAtApple, replyToReview, type ZReply } from "./replies";
import { ReplyExistsAtApple } from "./reply-at-apple";
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

/** A reply found at App Store Connect answers 409 with its own code and the reply, for the member to decide. */
async function orFoundReply<T>(work: Promise<T>): Promise<T | Response> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ReplyExistsAtApple) return NextResponse.json(e.body(), { status: 409 });
    throw e;
  }
}

export const reviewHandlers = {
  list: ({ ctx, req }: Args) => listReviews(ctx, query(req)),
  counts: async ({ ctx, req }: Args) => ({ counts: await reviewCounts(ctx, query(req)) }),
  reply: ({ ctx, params, body }: Args<z.infer<typeof ZReply>>) => orFoundReply(replyToReview(ctx, params.reviewId, body.body, { replace: body.replace }).then(() => current(ctx, params.reviewId))),
  edit: ({ ctx, params, body }: Args<z.infer<typeof ZReply>>) => orFoundReply(editReply(ctx, params.reviewId, body.body, { replace: body.replace }).then(() => current(ctx, params.reviewId))),
  remove: ({ ctx, params }: Args) => orFoundReply(deleteReply(ctx, params.reviewId).then(() => current(ctx, params.reviewId))),
  /** "Keep theirs": our copy takes the reply at App Store Connect; nothing is sent. */
  keep: async ({ ctx, params }: Args) => {
    await keepReplyAtApple(ctx, params.reviewId);
    return current(ctx, params.reviewId);
  },
  assign: async ({ ctx, params, body }: Args<z.infer<typeof ZAssign>>) => {
    await assignReview(ctx, params.reviewId, body.userId);
    return current(ctx, params.reviewId);
  },
};
