import { routes } from "@/lib/changesets/operations";

export const { GET, PUT } = routes("/api/v1/approval-settings");
