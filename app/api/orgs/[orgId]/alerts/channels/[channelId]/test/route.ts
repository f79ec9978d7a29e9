import { routes } from "@/lib/alerts/operations";

export const { POST } = routes("/api/orgs/[orgId]/alerts/channels/[channelId]/test");
