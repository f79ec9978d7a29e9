import { routes } from "@/lib/orgs/operations";

export const { GET } = routes("/api/orgs/[orgId]/audit");
