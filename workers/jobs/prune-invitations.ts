import { pruneInvitations } from "@/lib/invitations/queries";
import { JOBS } from "@/lib/jobs/definitions";
import type { JobHandler } from "../registry";

export const pruneInvitationsJob: JobHandler<typeof JOBS["prune-invitations"]> = {
  name: "prune-invitations",
  schema: JOBS["prune-invitations"],
  async handle(_payload, { log }) {
    const deleted = await pruneInvitations();
    log.info({ deleted }, "pruned invitations");
    return { deleted };
  },
};
