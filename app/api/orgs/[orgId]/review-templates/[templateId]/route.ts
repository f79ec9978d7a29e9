import { routes } from "@/lib/reviews/operations";

export const { PUT, DELETE } = routes("/api/orgs/[orgId]/review-templates/[templateId]");
