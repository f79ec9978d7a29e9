import { routes } from "@/lib/connections/operations";

export const { DELETE } = routes("/api/v1/connections/[connectionId]");
