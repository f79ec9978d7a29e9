import { routes } from "@/lib/alerts/operations";

export const { PATCH, DELETE } = routes("/api/orgs/[orgId]/alerts/rules/[ruleId]");
