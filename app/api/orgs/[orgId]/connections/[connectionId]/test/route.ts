import { routes } from "@/lib/connections/operations";

export const { POST } = routes("/api/orgs/[orgId]/connections/[connectionId]/test");
