import { routes } from "@/lib/media/operations";

export const { PUT } = routes("/api/v1/apps/[appId]/media/sets/[setId]/order");
