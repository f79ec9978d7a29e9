import { routes } from "@/lib/connections/operations";

export const { PATCH, DELETE } = routes("/api/orgs/[orgId]/connections/[connectionId]");
