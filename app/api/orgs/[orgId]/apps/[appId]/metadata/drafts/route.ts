import { routes } from "@/lib/metadata/operations";

export const { PUT } = routes("/api/orgs/[orgId]/apps/[appId]/metadata/drafts");
