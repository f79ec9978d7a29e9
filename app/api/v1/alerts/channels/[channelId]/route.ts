import { routes } from "@/lib/alerts/operations";

export const { DELETE } = routes("/api/v1/alerts/channels/[channelId]");
