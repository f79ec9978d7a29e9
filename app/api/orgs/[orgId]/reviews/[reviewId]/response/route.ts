import { orgRoute } from "@/lib/http/route";
import { reviewHandlers } from "@/lib/reviews/handlers";
import { ZReply } from "@/lib/reviews/replies";

/** Sends a reply through App Store Connect (POST), replaces it (PUT) or deletes it (DELETE); each returns the review as it now is. */
export const POST = orgRoute("reviews.reply", { body: ZReply }, reviewHandlers.reply);
export const PUT = orgRoute("reviews.reply", { body: ZReply }, reviewHandlers.edit);
export const DELETE = orgRoute("reviews.reply", {}, reviewHandlers.remove);
