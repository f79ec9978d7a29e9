import { routes } from "@/lib/analytics/status-operations";

export const { GET } = routes("/api/orgs/[orgId]/analytics/status");
