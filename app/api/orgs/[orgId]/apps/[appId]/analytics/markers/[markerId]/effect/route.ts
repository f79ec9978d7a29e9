import { routes } from "@/lib/analytics/marker-operations";

export const { GET } = routes("/api/orgs/[orgId]/apps/[appId]/analytics/markers/[markerId]/effect");
