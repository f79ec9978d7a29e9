import { routes } from "@/lib/connections/operations";

export const { POST } = routes("/api/v1/connections/[connectionId]/token");
