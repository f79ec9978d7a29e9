import { apiRoute } from "@/lib/http/api-route";
import { ZAssign } from "@/lib/reviews/assign";
import { reviewHandlers } from "@/lib/reviews/handlers";

/** Gives the review to a teammate, or with null to nobody. */
export const PUT = apiRoute("reviews.reply", { body: ZAssign }, reviewHandlers.assign);
