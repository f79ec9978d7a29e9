import { z } from "zod";
import { ALL_ROLES } from "@/lib/tenancy/permissions";

/** Pieces the operations' declared answers share. */
export const ZRole = z.enum(ALL_ROLES);
export const ZIso = z.string().describe("ISO 8601");

/** Path parameters of the published API, in words. */
export const PARAM_DOCS = {
  connectionId: "Our id of the connection (`id` in /connections)",
  appId: "Our id of the app (`id` in /apps)",
  reviewId: "Our id of the review (`id` in /reviews)",
} as const;
