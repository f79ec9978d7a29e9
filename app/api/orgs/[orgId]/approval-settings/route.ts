import { routes } from "@/lib/changesets/operations";

export const { GET, PUT } = routes("/api/orgs/[orgId]/approval-settings");
