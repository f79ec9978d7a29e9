import { routes } from "@/lib/alerts/operations";

export const { POST } = routes("/api/v1/alerts/channels/[channelId]/test");
