import { routes } from "@/lib/analytics/marker-operations";

export const { GET } = routes("/api/v1/apps/[appId]/analytics/markers/[markerId]/effect");
