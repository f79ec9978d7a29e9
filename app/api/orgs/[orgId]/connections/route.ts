import { routes } from "@/lib/connections/operations";

export const { GET, POST } = routes("/api/orgs/[orgId]/connections");
