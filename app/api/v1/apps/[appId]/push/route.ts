import { routes } from "@/lib/metadata/operations";

export const { POST } = routes("/api/v1/apps/[appId]/push");
