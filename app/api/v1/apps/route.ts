import { routes } from "@/lib/sync/operations";

export const { GET } = routes("/api/v1/apps");
