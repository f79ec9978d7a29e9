import { routes } from "@/lib/alerts/operations";

export const { GET, PUT } = routes("/api/v1/alerts/settings");
