import { routes } from "@/lib/alerts/operations";

export const { GET, POST } = routes("/api/v1/alerts/channels");
