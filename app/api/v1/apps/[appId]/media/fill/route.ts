import { routes } from "@/lib/media/operations";

export const { POST } = routes("/api/v1/apps/[appId]/media/fill");
