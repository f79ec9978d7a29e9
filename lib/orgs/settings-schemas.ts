import { z } from "zod";
import { ZOrgName } from "@/lib/auth/schemas";
import { ZApiTokenMaxLifetimeDays } from "@/lib/api-tokens/schemas";

/** What owners and admins change on the settings page: the name, the token lifetime cap, or both. */
export const ZUpdateOrgSettings = z
  .object({ name: ZOrgName.optional(), apiTokenMaxLifetimeDays: ZApiTokenMaxLifetimeDays.optional() })
  .refine((v) => v.name !== undefined || v.apiTokenMaxLifetimeDays !== undefined, { message: "Nothing to change." });
