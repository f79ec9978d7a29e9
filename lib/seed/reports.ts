import { db } from "@/lib/db/client";
import type { ReportCadence } from "@/lib/generated/prisma/enums";
import type { ConnectionScope } from "./apps";

/** A client report schedule of the connection, as the reports API stores one. */
export async function makeClientReport(scope: ConnectionScope, report: { cadence?: ReportCadence; recipients?: string[]; enabled?: boolean } = {}) {
  return db.clientReport.create({
    data: { ...scope, cadence: report.cadence ?? "WEEKLY", recipients: report.recipients ?? ["client@example.test"], enabled: report.enabled ?? true },
    select: { id: true, cadence: true, recipients: true },
  });
}
