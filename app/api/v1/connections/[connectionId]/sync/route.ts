import { routes } from "@/lib/sync/operations";

export const { POST } = routes("/api/v1/connections/[connectionId]/sync");
