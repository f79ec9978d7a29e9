import { routes } from "@/lib/members/operations";

export const { GET } = routes("/api/orgs/[orgId]/members");
