import { routes } from "@/lib/alerts/operations";

export const { POST } = routes("/api/orgs/[orgId]/alerts/deliveries/[deliveryId]/replay");
