import { routes } from "@/lib/invitations/operations";

export const { POST } = routes("/api/invitations/accept");
