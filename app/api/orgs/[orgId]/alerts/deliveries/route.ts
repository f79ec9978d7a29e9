import { routes } from "@/lib/alerts/operations";

export const { GET } = routes("/api/orgs/[orgId]/alerts/deliveries");
