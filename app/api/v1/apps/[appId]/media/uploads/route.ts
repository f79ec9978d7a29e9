import { routes } from "@/lib/media/operations";

export const { GET, POST } = routes("/api/v1/apps/[appId]/media/uploads");
