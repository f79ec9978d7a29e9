import { now as clockNow } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { mailTransport } from "@/lib/mail/transport";
import { postToHook } from "@/lib/outbound/send";
import { outboundPolicy } from "@/lib/outbound/policy";
import { openHook } from "./channels";
import { emailMessage, signatureHeaders, slackPayload, teamsPayload, webhookPayload, type AlertMessage } from "./messages";

/** The most of an answer's body kept in the delivery log. */
const ANSWER_CAP = 2_048;

export class DeliveryFailed extends Error {
  constructor(message: string, readonly final: boolean) {
    super(message);
    this.name = "DeliveryFailed";
  }
}

/** The delivery as a message: its events (in order), its rule and organisation. */
async function messageOf(deliveryId: string, organizationId: string): Promise<AlertMessage & { channel: { id: string; kind: string; emails: string[] } }> {
  const d = await db.alertDelivery.findFirstOrThrow({
    where: { id: deliveryId, organizationId },
    select: { id: true, ruleId: true, eventIds: true, dedupeKey: true, channel: { select: { id: true, kind: true, emails: true } } },
  });
  const [org, rule, events] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { id: true, name: true } }),
    d.ruleId ? db.alertRule.findFirst({ where: { id: d.ruleId, organizationId }, select: { id: true, name: true, kind: true } }) : null,
    db.alertEvent.findMany({ where: { id: { in: d.eventIds }, organizationId }, orderBy: { occurredAt: "asc" } }),
  ]);
  const base = env.NEXTAUTH_URL.replace(/\/$/, "");
  return {
    deliveryId: d.id,
    organization: org,
    rule,
    items: events.map((e) => ({ id: e.id, subject: e.subjectKey, title: e.title, text: e.text, url: `${base}${e.path}`, occurredAt: e.occurredAt.toISOString(), data: e.data })),
    test: d.dedupeKey.startsWith("test:"),
    sentAt: new Date(clockNow()).toISOString(),
    channel: d.channel,
  };
}

/**
 * Sends one delivery. A delivery already sent is not sent again (a job run twice, or a
 * retry after the send was recorded). Each try is logged with its status code; a failure
 * throws, so the queue tries again with backoff, and the last try marks it FAILED.
 */
export async function deliverAlert(organizationId: string, deliveryId: string, opts: { finalAttempt: boolean }) {
  const current = await db.alertDelivery.findFirst({ where: { id: deliveryId, organizationId }, select: { status: true } });
  if (!current) return { dropped: "delivery deleted" };
  if (current.status === "SENT") return { skipped: "already sent" };
  const m = await messageOf(deliveryId, organizationId);

  let statusCode: number | null = null;
  let error: string | null = null;
  let ms = 0;
  if (m.channel.kind === "EMAIL") {
    const transport = mailTransport();
    const started = performance.now();
    if (!transport) error = "Mail is not set up on this server (SMTP_URL).";
    else {
      try {
        const mail = emailMessage(m);
        await transport.sendMail({ to: m.channel.emails, ...mail });
        statusCode = 250;
      } catch (e) {
        error = `The mail server refused it: ${(e as Error).message}`.slice(0, 500);
      }
    }
    ms = Math.round(performance.now() - started);
  } else {
    const hook = await openHook(organizationId, m.channel.id);
    const payload = m.channel.kind === "SLACK" ? slackPayload(m) : m.channel.kind === "TEAMS" ? teamsPayload(m) : webhookPayload(m);
    const body = JSON.stringify(payload);
    const headers = m.channel.kind === "WEBHOOK" && hook.secret ? signatureHeaders(hook.secret, body, Math.floor(clockNow() / 1000), m.deliveryId) : { "idempotency-key": m.deliveryId };
    try {
      const r = await postToHook(hook.url, body, { policy: outboundPolicy(), timeoutMs: env.OUTBOUND_TIMEOUT_MS, maxResponseBytes: ANSWER_CAP, headers });
      statusCode = r.status;
      ms = r.ms;
      if (r.error) error = r.error;
      else if (r.status === null || r.status < 200 || r.status >= 300) error = `The hook answered ${r.status}: ${r.body.slice(0, 300)}`;
    } catch (e) {
      // The address is no longer allowed (its name now resolves inside, or the policy changed).
      error = (e as Error).message;
    }
  }

  const ok = error === null;
  await db.$transaction([
    db.alertAttempt.create({ data: { organizationId, deliveryId, statusCode, error, ms } }),
    db.alertDelivery.update({
      where: { id: deliveryId },
      data: { attempts: { increment: 1 }, lastStatusCode: statusCode, lastError: error, ...(ok ? { status: "SENT", sentAt: new Date(clockNow()) } : opts.finalAttempt ? { status: "FAILED" } : {}) },
    }),
  ]);
  if (!ok) throw new DeliveryFailed(error!, opts.finalAttempt);
  return { sent: deliveryId, statusCode, ms };
}
