import { routes } from "@/lib/reviews/approval-operations";

export const { POST } = routes("/api/orgs/[orgId]/reply-approvals/[pendingReplyId]/approve");
