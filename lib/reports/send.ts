import { now as clockNow, nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isUniqueViolation } from "@/lib/errors";
import { log } from "@/lib/log";
import { mailTransport } from "@/lib/mail/transport";
import type { OrgContext } from "@/lib/tenancy/context";
import { buildReport, serverContext } from "./build";
import { lastCompletePeriod, type Period } from "./period";
import { reportPdf } from "./pdf";
import { reportHtml, reportSubject, reportText } from "./render";

export const SEND_STATUSES = ["SENDING", "SENT", "FAILED"] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

/** A send stuck in SENDING this long (its process stopped mid-send) may be tried again. */
const STALE_SENDING_MS = 30 * 60_000;

export type SendRow = { id: string; period: string; status: string; error: string | null; sentAt: Date | null; createdAt: Date };
const sendFields = { id: true, period: true, status: true, error: true, sentAt: true, createdAt: true } as const;

export type SendOutcome = { send: SendRow; mailed: boolean };

/**
 * Takes the (report, period) send for this process: a new row, or a failed one (or one
 * left SENDING by a process that stopped) taken over. Null when it was sent already or
 * another process is sending it now: then nothing is mailed.
 */
async function claim(organizationId: string, reportId: string, period: string): Promise<SendRow | { taken: SendRow }> {
  try {
    return await db.clientReportSend.create({ data: { organizationId, reportId, period, status: "SENDING", createdAt: nowDate() }, select: sendFields });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const stale = new Date(clockNow() - STALE_SENDING_MS);
  // createdAt is when the current attempt started: a takeover restarts it.
  const taken = await db.clientReportSend.updateMany({
    where: { reportId, period, organizationId, OR: [{ status: "FAILED" }, { status: "SENDING", createdAt: { lt: stale } }] },
    data: { status: "SENDING", error: null, createdAt: nowDate() },
  });
  const row = await db.clientReportSend.findFirstOrThrow({ where: { reportId, period, organizationId }, select: sendFields });
  return taken.count ? row : { taken: row };
}

async function finish(id: string, result: { error: string | null }) {
  return db.clientReportSend.update({
    where: { id },
    data: result.error ? { status: "FAILED", error: result.error.slice(0, 500) } : { status: "SENT", error: null, sentAt: nowDate() },
    select: sendFields,
  });
}

/**
 * Mails one period of a report to its recipients (HTML and text, the PDF attached), once:
 * a period already sent, or being sent, is not mailed again. A failure is recorded on the
 * send with its reason and may be tried again. `ctx` is the caller's for "send now" (the
 * report's connection must be theirs to see); the schedule passes none.
 */
export async function sendReport(report: { id: string; organizationId: string; connectionId: string; recipients: string[] }, period: Period, ctx?: OrgContext): Promise<SendOutcome> {
  const claimed = await claim(report.organizationId, report.id, period.key);
  if ("taken" in claimed) return { send: claimed.taken, mailed: false };
  let error: string | null = null;
  try {
    const transport = mailTransport();
    if (!transport) error = "Mail is not set up on this server (SMTP_URL).";
    else if (!report.recipients.length) error = "The report has no recipients.";
    else {
      const data = await buildReport(ctx ?? (await serverContext(report.organizationId)), report.connectionId, period);
      const pdf = await reportPdf(data);
      await transport.sendMail({
        to: report.recipients,
        subject: reportSubject(data),
        text: reportText(data),
        html: reportHtml(data),
        // One Message-ID per report and period: a send repeated after a stop is the same message to mail systems.
        messageId: `<${claimed.id}@reports.ascdash>`,
        headers: { "X-Ascdash-Report": `${report.id} ${period.key}` },
        attachments: [{ filename: `${fileName(data.connection.name, period.key)}.pdf`, content: pdf, contentType: "application/pdf" }],
      });
    }
  } catch (e) {
    log.warn({ reportId: report.id, period: period.key, err: { message: (e as Error).message } }, "client report send failed");
    error = `The report could not be sent: ${(e as Error).message}`;
  }
  return { send: await finish(claimed.id, { error }), mailed: error === null };
}

/** "acme-team-2026-W48": a file name from the connection's name and the period. */
export function fileName(connectionName: string, period: string) {
  const slug = connectionName.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase().slice(0, 60);
  return `${slug || "report"}-${period}`;
}

/**
 * The daily pass: every enabled report whose last complete period has no successful send
 * is sent now (one after another; one report's failure does not stop the others).
 */
export async function sendDueReports(at = clockNow()) {
  const reports = await db.clientReport.findMany({
    where: { enabled: true },
    select: { id: true, organizationId: true, connectionId: true, cadence: true, recipients: true, sends: { where: { status: "SENT" }, select: { period: true }, orderBy: { createdAt: "desc" }, take: 5 } },
    orderBy: { createdAt: "asc" },
  });
  let sent = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of reports) {
    const period = lastCompletePeriod(r.cadence, at);
    if (r.sends.some((s) => s.period === period.key)) continue;
    const { send, mailed } = await sendReport(r, period);
    if (mailed) sent++;
    else if (send.status === "FAILED") failed++;
    else skipped++;
  }
  if (!env.SMTP_URL && reports.length) log.warn({ reports: reports.length }, "client reports are due but mail is not set up (SMTP_URL)");
  return { reports: reports.length, sent, failed, skipped };
}
