import { z } from "zod";
import { ZEmail } from "@/lib/auth/schemas";
import { ZRole } from "@/lib/members/schemas";

export const ZCreateInvitation = z.object({
  role: ZRole,
  /** Optional: only used to send the link by mail when SMTP is configured. */
  email: z.union([z.literal(""), ZEmail]).optional().transform((v) => v || undefined),
});

export const ZAcceptInvitation = z.object({ token: z.string().min(1, "The invitation link is incomplete.").max(200) });
