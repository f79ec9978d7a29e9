import { routes } from "@/lib/reviews/operations";

export const { PUT } = routes("/api/v1/reviews/[reviewId]/assignee");
