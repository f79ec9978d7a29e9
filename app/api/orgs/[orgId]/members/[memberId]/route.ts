import { routes } from "@/lib/members/operations";

export const { PATCH, DELETE } = routes("/api/orgs/[orgId]/members/[memberId]");
