import { z } from "zod";
import { ZOrgName } from "@/lib/auth/schemas";
import { ZApiTokenMaxLifetimeDays } from "@/lib/api-tokens/schemas";

/** Whether replies of the members chosen for it wait for an owner's or admin's approval. */
export const ZReplyApproval = z.boolean({ message: "replyApproval is true or false." });

/** What owners and admins change on the settings page: the name, the token lifetime cap, reply approval, or several at once. */
export const ZUpdateOrgSettings = z
  .object({ name: ZOrgName.optional(), apiTokenMaxLifetimeDays: ZApiTokenMaxLifetimeDays.optional(), replyApproval: ZReplyApproval.optional() })
  .refine((v) => v.name !== undefined || v.apiTokenMaxLifetimeDays !== undefined || v.replyApproval !== undefined, { message: "Nothing to change." });
