import { routes } from "@/lib/metadata/operations";

export const { POST } = routes("/api/orgs/[orgId]/apps/[appId]/metadata/revert");
