import { routes } from "@/lib/alerts/operations";

export const { DELETE } = routes("/api/orgs/[orgId]/alerts/channels/[channelId]");
