import { z } from "zod";
import { ALL_ROLES } from "@/lib/tenancy/permissions";

export const ZRole = z.enum(ALL_ROLES, { message: `Choose one of: ${ALL_ROLES.join(", ").toLowerCase()}.` });

export const ZUpdateMember = z
  .object({
    role: ZRole.optional(),
    restrictConnections: z.boolean().optional(),
    connectionIds: z.array(z.string().min(1).max(64)).max(500).optional(),
    /** When the organisation has reply approval on, this member's replies wait for an owner or admin. */
    repliesNeedApproval: z.boolean({ message: "repliesNeedApproval is true or false." }).optional(),
  })
  .refine((v) => v.role !== undefined || v.restrictConnections !== undefined || v.connectionIds !== undefined || v.repliesNeedApproval !== undefined, {
    message: "Nothing to change.",
  });
