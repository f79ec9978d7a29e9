import { routes } from "@/lib/analytics/status-operations";

export const { GET } = routes("/api/v1/analytics/status");
