import { apiRoute } from "@/lib/http/api-route";
import { reviewHandlers } from "@/lib/reviews/handlers";
import { ZReply } from "@/lib/reviews/replies";

/**
 * Sends a reply through App Store Connect (POST), sends an edit of ours (PUT) or deletes it
 * (DELETE); each returns the review as it now is. A reply found at App Store Connect that
 * our copy does not know answers 409 REPLY_EXISTS_AT_APPLE with that reply, unless `replace` confirms it.
 */
export const POST = apiRoute("reviews.reply", { body: ZReply }, reviewHandlers.reply);
export const PUT = apiRoute("reviews.reply", { body: ZReply }, reviewHandlers.edit);
export const DELETE = apiRoute("reviews.reply", {}, reviewHandlers.remove);
