import { JOBS } from "@/lib/jobs/definitions";
import { sendDueReports } from "@/lib/reports/send";
import type { JobHandler } from "../registry";

/** Every enabled client report whose last complete week or month has no successful send is mailed. */
export const sendClientReportsJob: JobHandler<typeof JOBS["send-client-reports"]> = {
  name: "send-client-reports",
  schema: JOBS["send-client-reports"],
  async handle(_payload, { log }) {
    const result = await sendDueReports();
    if (result.sent || result.failed) log.info(result, "sent client reports");
    return result;
  },
};
