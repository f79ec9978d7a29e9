import { routes } from "@/lib/analytics/operations";

export const { GET } = routes("/api/orgs/[orgId]/apps/[appId]/analytics");
