import { routes } from "@/lib/reviews/operations";

export const { PUT } = routes("/api/orgs/[orgId]/reviews/[reviewId]/assignee");
