import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { emailMessage, signatureHeaders, slackPayload, teamsPayload, webhookPayload, type AlertMessage } from "./messages";

const message = (items: AlertMessage["items"], test = false): AlertMessage => ({
  deliveryId: "ad_1",
  organization: { id: "org_1", name: "Acme <Apps>" },
  rule: { id: "r1", name: "One-star", kind: "NEW_REVIEW" },
  items,
  test,
  sentAt: "2026-12-01T10:00:00.000Z",
});
const item = (title: string, text = "Body & more") => ({ id: `e-${title}`, subject: "review:1", title, text, url: "https://dash.example/o/acme/reviews?app=a1", occurredAt: "2026-12-01T09:59:00.000Z", data: { rating: 1 } });

describe("alert messages", () => {
  it("escapes a link's ampersands for Slack, which reads them back", () => {
    const linked = { ...item("One"), url: "https://dash.example/o/acme/reviews?app=a1&review=r1" };
    expect(JSON.stringify(slackPayload(message([linked])).blocks)).toContain("<https://dash.example/o/acme/reviews?app=a1&amp;review=r1|One>");
  });

  it("signs the webhook body with HMAC-SHA256 over timestamp and body", () => {
    const body = JSON.stringify(webhookPayload(message([item("★☆☆☆☆ Crash")])));
    const h = signatureHeaders("whsec_test", body, 1796160000, "ad_1");
    expect(h["x-ascdash-timestamp"]).toBe("1796160000");
    expect(h["x-ascdash-signature"]).toBe(`v1=${createHmac("sha256", "whsec_test").update(`1796160000.${body}`).digest("hex")}`);
    expect(h["idempotency-key"]).toBe("ad_1");
    // Another secret, body or time gives another signature.
    expect(signatureHeaders("whsec_other", body, 1796160000, "ad_1")["x-ascdash-signature"]).not.toBe(h["x-ascdash-signature"]);
    expect(signatureHeaders("whsec_test", body, 1796160001, "ad_1")["x-ascdash-signature"]).not.toBe(h["x-ascdash-signature"]);
  });

  it("escapes Slack's markup and links each event; a digest is one message with every event", () => {
    const one = slackPayload(message([item("<b>Crash</b> & burn")]));
    // Slack would read "<!channel>" or "<https://evil|Update>" in a reviewer's title as markup.
    expect(one.text).toBe("&lt;b&gt;Crash&lt;/b&gt; &amp; burn");
    expect(JSON.stringify(one.blocks)).toContain("*<https://dash.example/o/acme/reviews?app=a1|&lt;b&gt;Crash&lt;/b&gt; &amp; burn>*");
    const digest = slackPayload(message([item("A"), item("B"), item("C")]));
    expect(digest.text).toBe("3 alerts: One-star (Acme &lt;Apps&gt;)");
    expect(digest.blocks.filter((b) => b.type === "section")).toHaveLength(3);
    expect(JSON.stringify(teamsPayload(message([item("A"), item("B")])))).toContain("[B](https://dash.example/o/acme/reviews?app=a1)");
    // A reviewer's Markdown stays text in Teams.
    const teams = JSON.stringify(teamsPayload(message([item("[Update](https://evil.example)", "**now**")])));
    expect(teams).toContain("[\\\\[Update\\\\]\\\\(https://evil.example\\\\)](https://dash.example/o/acme/reviews?app=a1)");
    expect(teams).toContain("\\\\*\\\\*now\\\\*\\\\*");
  });

  it("says a test is a test, and an email carries one Message-ID per delivery with escaped HTML", () => {
    expect(webhookPayload(message([], true))).toMatchObject({ type: "test", events: [], idempotencyKey: "ad_1" });
    expect(slackPayload(message([], true)).text).toBe("Test alert from Acme &lt;Apps&gt;");
    const mail = emailMessage(message([item("Crash", "a <script> & b")]));
    expect(mail.messageId).toBe("<ad_1@alerts.ascdash>");
    expect(mail.html).toContain("a &lt;script&gt; &amp; b");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("https://dash.example/o/acme/reviews?app=a1");
  });
});
