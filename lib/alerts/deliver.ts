import { UnrecoverableError } from "bullmq";
import { now as clockNow } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { mailTransport } from "@/lib/mail/transport";
import { postToHook } from "@/lib/outbound/send";
import { outboundPolicy } from "@/lib/outbound/policy";
import { openHook } from "./channels";
import { queueDeliveries } from "./queue";
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
async function messageOf(deliveryId: string, organizationId: string): Promise<AlertMessage & { channel: { id: string; kind: string; emails: string[] }; eventIds: string[]; ruleId: string | null; dedupeKey: string }> {
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
    eventIds: d.eventIds,
    ruleId: d.ruleId,
    dedupeKey: d.dedupeKey,
  };
}

/** What a hook answered, without its own address's path (a receiver may echo it, and the path of a Slack or Teams address is its secret). */
function scrubbed(text: string, url: string) {
  const path = new URL(url).pathname;
  return path.length > 1 ? text.split(path).join("/…") : text;
}

/** Sends the message to the channel; the outcome for the delivery log. */
async function send(organizationId: string, m: Awaited<ReturnType<typeof messageOf>>) {
  if (m.channel.kind === "EMAIL") {
    const transport = mailTransport();
    const started = performance.now();
    // Trying again changes nothing until the operator sets mail up: given up at once.
    if (!transport) return { statusCode: null, error: "Mail is not set up on this server (SMTP_URL).", ms: 0, permanent: true };
    try {
      await transport.sendMail({ to: m.channel.emails, ...emailMessage(m) });
      return { statusCode: 250, error: null, ms: Math.round(performance.now() - started) };
    } catch (e) {
      return { statusCode: null, error: `The mail server refused it: ${(e as Error).message}`.slice(0, 500), ms: Math.round(performance.now() - started) };
    }
  }
  const hook = await openHook(organizationId, m.channel.id);
  const payload = m.channel.kind === "SLACK" ? slackPayload(m) : m.channel.kind === "TEAMS" ? teamsPayload(m) : webhookPayload(m);
  const body = JSON.stringify(payload);
  const headers = m.channel.kind === "WEBHOOK" && hook.secret ? signatureHeaders(hook.secret, body, Math.floor(clockNow() / 1000), m.deliveryId) : { "idempotency-key": m.deliveryId };
  try {
    const r = await postToHook(hook.url, body, { policy: outboundPolicy(), timeoutMs: env.OUTBOUND_TIMEOUT_MS, maxResponseBytes: ANSWER_CAP, headers });
    const ok = r.error === null && r.status !== null && r.status >= 200 && r.status < 300;
    const error = ok ? null : (r.error ?? `The hook answered ${r.status}: ${scrubbed(r.body, hook.url).slice(0, 300)}`);
    return { statusCode: r.status, error, ms: r.ms };
  } catch (e) {
    // The address is no longer allowed (its name now resolves inside, or the policy changed).
    return { statusCode: null, error: (e as Error).message, ms: 0 };
  }
}

/** Slack and Teams show every message they are sent: a repeat cannot be dropped by the receiver. */
const chatHook = (kind: string) => kind === "SLACK" || kind === "TEAMS";

const CUT_OFF_CHAT = "The worker stopped while this message was on its way, so it may have arrived. Slack and Teams cannot drop a repeat, so it was not sent again: replay it if it did not arrive.";
const CUT_OFF_RESENT = "Sent again after the worker stopped mid-send; the receiver can drop a repeat by its idempotency key (Message-ID for email).";

/**
 * Sends one delivery. Only a PENDING delivery is sent: one already sent or given up is not
 * sent again (a job run twice, a retry after the outcome was recorded, a sweep). Each try
 * is logged with its status code; a failure throws, so the queue tries again with backoff,
 * and the last try marks it FAILED. A delivery whose events are gone (their rule deleted)
 * is given up without sending. Events a digest gathered while it was being sent go on in a
 * delivery of their own.
 *
 * A try is marked as on its way before it is sent and unmarked with its outcome. Finding the
 * mark at the start means a worker stopped mid-send: a webhook or email is sent again with
 * the same idempotency key and Message-ID, which receivers use to drop the repeat; a Slack
 * or Teams message, which would show twice, is marked UNCONFIRMED instead.
 */
export async function deliverAlert(organizationId: string, deliveryId: string, opts: { finalAttempt: boolean }) {
  const current = await db.alertDelivery.findFirst({ where: { id: deliveryId, organizationId }, select: { status: true, sendingAt: true, channel: { select: { kind: true } } } });
  if (!current) return { dropped: "delivery deleted" };
  if (current.status !== "PENDING") return { skipped: `already ${current.status.toLowerCase()}` };
  const cutOff = current.sendingAt !== null;
  if (cutOff && chatHook(current.channel.kind)) {
    await db.alertAttempt.create({ data: { organizationId, deliveryId, statusCode: null, error: CUT_OFF_CHAT, ms: 0 } });
    await db.alertDelivery.updateMany({ where: { id: deliveryId, status: "PENDING" }, data: { status: "UNCONFIRMED", sendingAt: null, lastError: CUT_OFF_CHAT, attempts: { increment: 1 } } });
    return { unconfirmed: deliveryId };
  }

  let outcome: { statusCode: number | null; error: string | null; ms: number; permanent?: boolean };
  let m: Awaited<ReturnType<typeof messageOf>> | null = null;
  try {
    m = await messageOf(deliveryId, organizationId);
    if (!m.test && m.items.length === 0) outcome = { statusCode: null, error: "Nothing to send: the alerts' rule was deleted.", ms: 0 };
    else {
      await db.alertDelivery.update({ where: { id: deliveryId }, data: { sendingAt: new Date(clockNow()) } });
      outcome = await send(organizationId, m);
    }
  } catch (e) {
    // The channel's sealed address does not open (its KEK is gone), or the database failed.
    outcome = { statusCode: null, error: `The delivery could not be prepared: ${(e as Error).message}`.slice(0, 500), ms: 0 };
  }
  const ok = outcome.error === null;
  const final = opts.finalAttempt || outcome.permanent === true || (m !== null && !m.test && m.items.length === 0);
  await db.alertAttempt.create({ data: { organizationId, deliveryId, statusCode: outcome.statusCode, error: outcome.error ?? (cutOff ? CUT_OFF_RESENT : null), ms: outcome.ms } });
  const common = { attempts: { increment: 1 }, lastStatusCode: outcome.statusCode, lastError: outcome.error, sendingAt: null };
  if (!ok) {
    await db.alertDelivery.update({ where: { id: deliveryId }, data: { ...common, ...(final ? { status: "FAILED" as const } : {}) } });
    if (final && m && !m.test && m.items.length === 0) return { failed: outcome.error };
    // The last try, or one that trying again cannot mend: the queue stops here.
    if (final) throw new UnrecoverableError(outcome.error!);
    throw new DeliveryFailed(outcome.error!, final);
  }
  const sent = m!.eventIds;
  const marked = await db.alertDelivery.updateMany({ where: { id: deliveryId, status: "PENDING", eventIds: { equals: sent } }, data: { ...common, status: "SENT", sentAt: new Date(clockNow()) } });
  if (marked.count === 0) await splitLateEvents(organizationId, deliveryId, sent, common);
  return { sent: deliveryId, statusCode: outcome.statusCode, ms: outcome.ms };
}

/** A digest that gathered events while it was being sent: those go on in a new delivery, sent at once. */
async function splitLateEvents(organizationId: string, deliveryId: string, sent: string[], common: object) {
  const late = await db.$transaction(async (tx) => {
    const row = await tx.alertDelivery.findFirstOrThrow({ where: { id: deliveryId, organizationId }, select: { channelId: true, ruleId: true, dedupeKey: true, eventIds: true } });
    const rest = row.eventIds.filter((id) => !sent.includes(id));
    await tx.alertDelivery.update({ where: { id: deliveryId }, data: { ...common, eventIds: sent, status: "SENT", sentAt: new Date(clockNow()) } });
    if (!rest.length) return null;
    return tx.alertDelivery.create({
      data: { organizationId, channelId: row.channelId, ruleId: row.ruleId, dedupeKey: `${row.dedupeKey}:late:${rest[0]}`, eventIds: rest, dueAt: new Date(clockNow()) },
      select: { id: true, dueAt: true },
    });
  });
  if (late) await queueDeliveries([{ organizationId, id: late.id, dueAt: late.dueAt.getTime() }]);
}
