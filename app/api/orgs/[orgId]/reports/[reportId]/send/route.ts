import { routes } from "@/lib/reports/operations";

export const { POST } = routes("/api/orgs/[orgId]/reports/[reportId]/send");
