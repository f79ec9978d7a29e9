import { routes } from "@/lib/reviews/approval-operations";

export const { GET } = routes("/api/v1/reply-approvals");
