// First: the environment the product modules below read.
import "./seed-env";

export * from "@/lib/seed/apps";
export * from "@/lib/seed/connections";
export * from "@/lib/seed/factories";
export * from "@/lib/seed/invitations";
export * from "@/lib/seed/metadata";
export * from "@/lib/seed/reports";
export * from "@/lib/seed/reviews";
export * from "@/lib/seed/sales";
export { db } from "@/lib/db/client";
