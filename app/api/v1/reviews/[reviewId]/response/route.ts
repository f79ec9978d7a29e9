import { apiRoute } from "@/lib/http/api-route";
import { reviewHandlers } from "@/lib/reviews/handlers";
import { ZReply } from "@/lib/reviews/replies";

/** Sends a reply through App Store Connect (POST), replaces it (PUT) or deletes it (DELETE); each returns the review as it now is. */
export const POST = apiRoute("reviews.reply", { body: ZReply }, reviewHandlers.reply);
export const PUT = apiRoute("reviews.reply", { body: ZReply }, reviewHandlers.edit);
export const DELETE = apiRoute("reviews.reply", {}, reviewHandlers.remove);
