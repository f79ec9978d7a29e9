import { routes } from "@/lib/reviews/approval-operations";

export const { POST } = routes("/api/v1/reply-approvals/[pendingReplyId]/approve");
