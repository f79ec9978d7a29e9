import { routes } from "@/lib/reviews/approval-operations";

export const { GET } = routes("/api/orgs/[orgId]/reply-approvals");
