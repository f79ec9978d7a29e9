import { routes } from "@/lib/sales/operations";

export const { GET } = routes("/api/orgs/[orgId]/sales");
