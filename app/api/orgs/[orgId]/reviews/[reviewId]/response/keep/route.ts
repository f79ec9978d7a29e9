import { orgRoute } from "@/lib/http/route";
import { reviewHandlers } from "@/lib/reviews/handlers";

/** "Keep theirs": our copy of the reply becomes the one found at App Store Connect (nothing is sent there); returns the review as it now is. */
export const POST = orgRoute("reviews.reply", {}, reviewHandlers.keep);
