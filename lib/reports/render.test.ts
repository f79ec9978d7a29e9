import { describe, expect, it } from "vitest";
import type { ClientReportData } from "./build";
import { parsePeriod, periodDays, periodWords } from "./period";
import { pdfSafe } from "./pdf";
import { amount, escapeHtml, percent, reportHtml, reportSections, reportSubject, reportText } from "./render";

const week = parsePeriod("WEEKLY", "2026-W48")!;
const hostile = `<script>alert("x")</script> & 'quotes'`;

function report(over: Partial<ClientReportData> = {}): ClientReportData {
  return {
    organization: { name: `Acme & <Sons>` },
    connection: { id: "c1", name: `Team "One" <b>` },
    period: { ...week, words: periodWords(week), days: periodDays(week) },
    generatedAt: "2026-12-02T06:00:00.000Z",
    apps: [{ id: "a1", name: hostile }],
    sales: { totals: [{ currency: "USD", units: 1234, proceeds: "1234.5", refunds: 2 }], previousTotals: [], byApp: [{ app: hostile, currency: "USD", units: 1234, proceeds: "1234.5", refunds: 2 }] },
    ratings: { reviews: 1, average: 4, byStars: [5, 4, 3, 2, 1].map((stars) => ({ stars, reviews: stars === 4 ? 1 : 0 })) },
    replies: { published: 1, pending: 0, unansweredFromPeriod: 0 },
    metadata: { changes: 1, rows: [{ app: hostile, locale: "en-US", field: "Keywords", changes: 1 }] },
    media: { changes: 0, rows: [] },
    conversion: { available: false, words: "No analytics for this period." },
    ...over,
  };
}

describe("the report's HTML", () => {
  it("escapes every name it shows", () => {
    const html = reportHtml(report());
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<Sons>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;");
    expect(html).toContain("Acme &amp; &lt;Sons&gt;");
    expect(html).toContain("Team &quot;One&quot; &lt;b&gt;: Week 48, 2026");
  });

  it("styles inline only: no style sheet, no script, no outside resource", () => {
    const html = reportHtml(report());
    expect(html).not.toMatch(/<style|<link|<script|<img|class=/i);
    expect(html).toContain('style="');
  });

  it("shows the figures in words, and says when there are none", () => {
    const html = reportHtml(report());
    expect(html).toContain("1,234.50 USD proceeds from 1,234 units (2 refunded)");
    expect(html).toContain("No analytics for this period.");
    expect(html).toContain("No media changes.");
    expect(reportText(report())).toContain("Acme & <Sons>");
    expect(reportSubject(report())).toBe(`Acme & <Sons> · Team "One" <b> report, Week 48, 2026 (23 Nov to 29 Nov 2026)`);
  });

  it("shows the funnel when analytics exist", () => {
    const conversion = { available: true as const, totals: { impressions: 2000, productPageViews: 400, firstTimeDownloads: 50, pageViewRate: 0.2, conversionRate: 0.025, pageConversion: 0.125 }, byApp: [], notes: ["Apple leaves out rows."] };
    const [, , , funnel] = reportSections(report({ conversion }));
    expect(funnel.summary).toEqual(["2,000 impressions → 400 product page views → 50 first-time downloads", "Conversion rate 2.50%"]);
    expect(funnel.notes).toEqual(["Apple leaves out rows."]);
  });
});

describe("formatting", () => {
  it("escapes the five HTML characters", () => expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"));
  it("writes amounts with their currency and rates as percentages", () => {
    expect(amount("-0.7", "EUR")).toBe("-0.70 EUR");
    expect(percent(null)).toBe("–");
    expect(percent(0.1234)).toBe("12.3%");
  });
  it("keeps what Helvetica can draw in a PDF and replaces the rest", () => {
    expect(pdfSafe("Café – 100 € → 5 ★ 日本")).toBe("Café – 100 € -> 5 * ??");
  });
});
