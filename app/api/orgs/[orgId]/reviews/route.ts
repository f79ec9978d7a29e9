import { orgRoute } from "@/lib/http/route";
import { reviewHandlers } from "@/lib/reviews/handlers";

/** A page of the inbox, newest first, with the same filters as the page's URL. */
export const GET = orgRoute("reviews.read", {}, reviewHandlers.list);
