import { orgRoute } from "@/lib/http/route";
import { reviewHandlers } from "@/lib/reviews/handlers";

/** How many reviews each rating, replied and assigned choice would show under the other filters. */
export const GET = orgRoute("reviews.read", {}, reviewHandlers.counts);
