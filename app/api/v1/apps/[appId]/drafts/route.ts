import { routes } from "@/lib/metadata/operations";

export const { PUT } = routes("/api/v1/apps/[appId]/drafts");
