import { log } from "@/lib/log";
import { ROLE_LABELS } from "@/lib/tenancy/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { mailTransport } from "./transport";

export type MailResult = { sent: boolean; reason?: string };

/**
 * Mails an invitation link when SMTP is configured. Sent from the request itself, never
 * through a job, because the link is a secret and job payloads must not carry secrets.
 * A failure does not undo the invitation: the admin can still copy the link.
 */
export async function mailInvitation(to: string, details: { orgName: string; inviter: string; role: Role; url: string }): Promise<MailResult> {
  const transport = mailTransport();
  if (!transport) return { sent: false, reason: "Mail is not configured on this server." };
  const role = ROLE_LABELS[details.role];
  try {
    await transport.sendMail({
      to,
      subject: `${details.inviter} invited you to ${details.orgName}`,
      text: [
        `${details.inviter} invited you to join ${details.orgName} on ASC Dashboard as ${role}.`,
        "",
        `Accept the invitation: ${details.url}`,
        "",
        "The link works once and expires. If you did not expect it, ignore this mail.",
      ].join("\n"),
    });
    return { sent: true };
  } catch (e) {
    log.warn({ code: (e as { code?: string }).code }, "invitation mail failed");
    return { sent: false, reason: "The mail server refused the message; copy the link instead." };
  }
}
