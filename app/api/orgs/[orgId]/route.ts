import { routes } from "@/lib/orgs/operations";

export const { GET, PATCH, DELETE } = routes("/api/orgs/[orgId]");
