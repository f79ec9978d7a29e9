import { routes } from "@/lib/reviews/operations";

export const { POST, PUT, DELETE } = routes("/api/orgs/[orgId]/reviews/[reviewId]/response");
