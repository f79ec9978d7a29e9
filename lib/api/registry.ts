import { alertOperations } from "@/lib/alerts/operations";
import { analyticsQueryOperations } from "@/lib/analytics/operations";
import { markerOperations } from "@/lib/analytics/marker-operations";
import { analyticsStatusOperations } from "@/lib/analytics/status-operations";
import { apiTokenOperations } from "@/lib/api-tokens/operations";
import { authOperations } from "@/lib/auth/operations";
import { changeSetOperations } from "@/lib/changesets/operations";
import { connectionOperations } from "@/lib/connections/operations";
import { healthOperations } from "@/lib/health/operations";
import type { Operation } from "@/lib/http/operation";
import { invitationOperations } from "@/lib/invitations/operations";
import { mediaOperations } from "@/lib/media/operations";
import { memberOperations } from "@/lib/members/operations";
import { metadataOperations } from "@/lib/metadata/operations";
import { orgOperations } from "@/lib/orgs/operations";
import { overviewOperations } from "@/lib/overview/operations";
import { reportOperations } from "@/lib/reports/operations";
import { replyApprovalOperations } from "@/lib/reviews/approval-operations";
import { reviewOperations } from "@/lib/reviews/operations";
import { salesOperations } from "@/lib/sales/operations";
import { syncOperations } from "@/lib/sync/operations";

/** Every operation of the product's HTTP API, each defined next to its domain. */
export const domainOperations: readonly Operation[] = [
  ...authOperations,
  ...healthOperations,
  ...orgOperations,
  ...overviewOperations,
  ...memberOperations,
  ...invitationOperations,
  ...apiTokenOperations,
  ...connectionOperations,
  ...syncOperations,
  ...metadataOperations,
  ...mediaOperations,
  ...reviewOperations,
  ...replyApprovalOperations,
  ...salesOperations,
  ...analyticsQueryOperations,
  ...markerOperations,
  ...analyticsStatusOperations,
  ...reportOperations,
  ...alertOperations,
  ...changeSetOperations,
];
