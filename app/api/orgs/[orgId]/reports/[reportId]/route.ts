import { routes } from "@/lib/reports/operations";

export const { PATCH, DELETE } = routes("/api/orgs/[orgId]/reports/[reportId]");
