import { apiRoute } from "@/lib/http/api-route";
import { reviewHandlers } from "@/lib/reviews/handlers";

export const GET = apiRoute("reviews.read", {}, reviewHandlers.counts);
