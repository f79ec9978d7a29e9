import { routes } from "@/lib/analytics/operations";

export const { GET } = routes("/api/v1/analytics");
