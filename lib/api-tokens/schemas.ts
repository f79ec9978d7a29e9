import { z } from "zod";
import { ZRole } from "@/lib/members/schemas";

export const ZCreateApiToken = z.object({
  name: z.string({ message: "Name the token after what uses it." }).trim().min(1, "Name the token after what uses it, such as \"CI release pipeline\".").max(80, "Use at most 80 characters."),
  role: ZRole.refine((r) => r !== "OWNER", "API tokens can be at most admin.").refine((r) => r !== "CLIENT_APPROVER", "A client approver is a person; API tokens cannot hold that role."),
  /** Days until the token stops working; omit for a token that does not expire. */
  expiresInDays: z.number().int().min(1, "At least 1 day.").max(3650, "At most 3650 days.").optional(),
  /** Limit the token to these connections; omit for all connections. */
  connectionIds: z.array(z.string().min(1).max(64)).max(500).optional(),
});
export type TCreateApiToken = z.infer<typeof ZCreateApiToken>;

/** The organisation's cap on token lifetime: whole days from 1 to 3650, or empty (null) for no cap. */
export const ZApiTokenMaxLifetimeDays = z.union([
  z.literal("").transform(() => null),
  z.null(),
  z
    .number({ message: "Enter a number of days, or leave empty for no cap." })
    .int("Enter whole days.")
    .min(1, "At least 1 day, or leave empty for no cap.")
    .max(3650, "At most 3650 days."),
], { message: "Enter a number of days from 1 to 3650, or leave empty for no cap." });

export const ZApiTokenLifetimeCap = z.object({ apiTokenMaxLifetimeDays: ZApiTokenMaxLifetimeDays });
export type TApiTokenLifetimeCap = z.infer<typeof ZApiTokenLifetimeCap>;
