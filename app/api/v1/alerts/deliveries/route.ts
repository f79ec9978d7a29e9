import { routes } from "@/lib/alerts/operations";

export const { GET } = routes("/api/v1/alerts/deliveries");
