import { z } from "zod";
import { ZOrgName } from "@/lib/auth/schemas";

export const ZCreateOrg = z.object({ name: ZOrgName });
export const ZRenameOrg = z.object({ name: ZOrgName });
/** Deleting asks the owner to type the organisation's name. */
export const ZDeleteOrg = z.object({ confirmName: z.string({ message: "Type the organisation's name to confirm." }).max(200) });
