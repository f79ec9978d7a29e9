import { routes } from "@/lib/reviews/operations";

export const { POST } = routes("/api/orgs/[orgId]/reviews/[reviewId]/response/keep");
