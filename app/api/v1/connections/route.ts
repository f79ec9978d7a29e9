import { routes } from "@/lib/connections/operations";

export const { GET, POST } = routes("/api/v1/connections");
