import { orgRoute } from "@/lib/http/route";
import { reviewHandlers } from "@/lib/reviews/handlers";
import { ZReply } from "@/lib/reviews/replies";

/**
 * Sends a reply through App Store Connect (POST), sends an edit of ours (PUT) or deletes it
 * (DELETE); each returns the review as it now is. A reply found at App Store Connect that
 * our copy does not know answers 409 REPLY_EXISTS_AT_APPLE with that reply, unless `replace` confirms it.
 */
export const POST = orgRoute("reviews.reply", { body: ZReply }, reviewHandlers.reply);
export const PUT = orgRoute("reviews.reply", { body: ZReply }, reviewHandlers.edit);
export const DELETE = orgRoute("reviews.reply", {}, reviewHandlers.remove);
