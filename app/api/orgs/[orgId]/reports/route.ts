import { routes } from "@/lib/reports/operations";

export const { GET, POST } = routes("/api/orgs/[orgId]/reports");
