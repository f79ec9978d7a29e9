import { routes } from "@/lib/alerts/operations";

export const { PATCH, DELETE } = routes("/api/v1/alerts/rules/[ruleId]");
