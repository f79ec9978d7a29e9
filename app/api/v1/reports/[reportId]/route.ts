import { routes } from "@/lib/reports/operations";

export const { PATCH, DELETE } = routes("/api/v1/reports/[reportId]");
