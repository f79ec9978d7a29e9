import { routes } from "@/lib/alerts/operations";

export const { GET, PUT } = routes("/api/orgs/[orgId]/alerts/settings");
