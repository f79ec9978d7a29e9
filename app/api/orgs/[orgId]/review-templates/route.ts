import { routes } from "@/lib/reviews/operations";

export const { GET, POST } = routes("/api/orgs/[orgId]/review-templates");
