import { createHmac } from "node:crypto";

/**
 * What an alert delivery says, in each channel's own form: Slack's blocks, a Teams adaptive
 * card, a signed JSON body for generic webhooks, and an email. A delivery carries one event
 * or, for digests, several.
 */

export type AlertItem = { id: string; subject: string; title: string; text: string; url: string; occurredAt: string; data: unknown };
export type AlertMessage = {
  /** The delivery's id: the idempotency key a receiver can use. */
  deliveryId: string;
  organization: { id: string; name: string };
  rule: { id: string; name: string; kind: string } | null;
  items: AlertItem[];
  /** "send a test": says so. */
  test: boolean;
  sentAt: string;
};

const heading = (m: AlertMessage) =>
  m.test ? `Test alert from ${m.organization.name}` : m.items.length === 1 ? m.items[0].title : `${m.items.length} alerts: ${m.rule?.name ?? "alerts"} (${m.organization.name})`;

// Slack's mrkdwn treats these three as markup.
const slackText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// Teams renders Markdown in text blocks: a reviewer's words must not become links or emphasis.
const teamsText = (s: string) => s.replace(/[\\`*_[\]()#>~|]/g, (c) => `\\${c}`);

export function slackPayload(m: AlertMessage) {
  const items = m.test ? [] : m.items.slice(0, 40);
  return {
    text: slackText(heading(m)),
    blocks: [
      { type: "header", text: { type: "plain_text", text: heading(m).slice(0, 150) } },
      ...items.map((i) => ({ type: "section", text: { type: "mrkdwn", text: `*<${slackText(i.url)}|${slackText(i.title)}>*\n${slackText(i.text).slice(0, 2800)}` } })),
      ...(m.test ? [{ type: "section", text: { type: "mrkdwn", text: "This channel is set up: alerts will arrive here." } }] : []),
      { type: "context", elements: [{ type: "mrkdwn", text: slackText(`${m.organization.name}${m.rule ? ` · ${m.rule.name}` : ""}`) }] },
    ],
  };
}

export function teamsPayload(m: AlertMessage) {
  const items = m.test ? [] : m.items.slice(0, 40);
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", size: "Medium", weight: "Bolder", text: teamsText(heading(m)), wrap: true },
            ...(m.test ? [{ type: "TextBlock", text: "This channel is set up: alerts will arrive here.", wrap: true }] : []),
            ...items.flatMap((i) => [
              { type: "TextBlock", weight: "Bolder", text: `[${teamsText(i.title)}](${i.url})`, wrap: true },
              { type: "TextBlock", text: teamsText(i.text), wrap: true, spacing: "None" },
            ]),
            { type: "TextBlock", text: teamsText(`${m.organization.name}${m.rule ? ` · ${m.rule.name}` : ""}`), isSubtle: true, size: "Small", wrap: true },
          ],
          ...(items.length === 1 ? { actions: [{ type: "Action.OpenUrl", title: "Open", url: items[0].url }] } : {}),
        },
      },
    ],
  };
}

/** The generic webhook's JSON body. */
export function webhookPayload(m: AlertMessage) {
  return {
    id: m.deliveryId,
    idempotencyKey: m.deliveryId,
    type: m.test ? "test" : "alert",
    organization: m.organization,
    rule: m.rule,
    events: m.items.map((i) => ({ id: i.id, subject: i.subject, title: i.title, text: i.text, url: i.url, occurredAt: i.occurredAt, data: i.data })),
    sentAt: m.sentAt,
  };
}

export const SIGNATURE_HEADER = "x-ascdash-signature";
export const TIMESTAMP_HEADER = "x-ascdash-timestamp";
export const DELIVERY_HEADER = "x-ascdash-delivery";

/**
 * The headers that sign a webhook body: the time in Unix seconds, and HMAC-SHA256 with the
 * endpoint's secret over "<timestamp>.<body>", hex, as "v1=<hex>". A receiver recomputes it,
 * compares in constant time, and refuses old timestamps (replays).
 */
export function signatureHeaders(secret: string, body: string, unixSeconds: number, deliveryId: string) {
  const signature = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return { [TIMESTAMP_HEADER]: String(unixSeconds), [SIGNATURE_HEADER]: `v1=${signature}`, [DELIVERY_HEADER]: deliveryId, "idempotency-key": deliveryId };
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function emailMessage(m: AlertMessage) {
  const lines = m.test ? ["This channel is set up: alerts will arrive here."] : m.items.flatMap((i) => [i.title, i.text, i.url, ""]);
  const html = m.test
    ? `<p>This channel is set up: alerts will arrive here.</p>`
    : m.items.map((i) => `<h3 style="margin:16px 0 4px"><a href="${escapeHtml(i.url)}">${escapeHtml(i.title)}</a></h3><p style="margin:0;white-space:pre-wrap">${escapeHtml(i.text)}</p>`).join("");
  const footer = `${m.organization.name}${m.rule ? ` · ${m.rule.name}` : ""}`;
  return {
    subject: heading(m),
    text: `${lines.join("\n")}\n-- \n${footer}\n`,
    html: `<div style="font-family:system-ui,sans-serif">${html}<p style="color:#64748b;font-size:12px;margin-top:24px">${escapeHtml(footer)}</p></div>`,
    // One Message-ID per delivery: a send repeated after a worker stopped mid-send is the same message to mail systems.
    messageId: `<${m.deliveryId}@alerts.ascdash>`,
    headers: { "X-Ascdash-Delivery": m.deliveryId },
  };
}
