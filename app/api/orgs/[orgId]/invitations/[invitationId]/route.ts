import { routes } from "@/lib/invitations/operations";

export const { DELETE } = routes("/api/orgs/[orgId]/invitations/[invitationId]");
