import { orgRoute } from "@/lib/http/route";
import { ZAssign } from "@/lib/reviews/assign";
import { reviewHandlers } from "@/lib/reviews/handlers";

/** Gives the review to a teammate, or with null to nobody. */
export const PUT = orgRoute("reviews.reply", { body: ZAssign }, reviewHandlers.assign);
