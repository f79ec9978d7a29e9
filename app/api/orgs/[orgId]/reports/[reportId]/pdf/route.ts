import { routes } from "@/lib/reports/operations";

export const { GET } = routes("/api/orgs/[orgId]/reports/[reportId]/pdf");
