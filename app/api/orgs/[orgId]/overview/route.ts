import { routes } from "@/lib/overview/operations";

export const { GET } = routes("/api/orgs/[orgId]/overview");
