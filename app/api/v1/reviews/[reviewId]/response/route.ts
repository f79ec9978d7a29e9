import { routes } from "@/lib/reviews/operations";

export const { POST, PUT, DELETE } = routes("/api/v1/reviews/[reviewId]/response");
