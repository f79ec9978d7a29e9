import { routes } from "@/lib/invitations/operations";

export const { GET, POST } = routes("/api/orgs/[orgId]/invitations");
