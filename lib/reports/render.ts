import type { ClientReportData } from "./build";

/**
 * A client report in words and tables, the same for the page, the email and the PDF: the
 * sections, their rows and their numbers as text. Each medium lays these out its own way.
 */

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export const whole = (n: number) => n.toLocaleString("en-US");
/** "1,234.50 EUR": the currency as Apple names it, never converted. */
export const amount = (proceeds: string, currency: string) => `${Number(proceeds).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
export const percent = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(r < 0.1 ? 2 : 1)}%`);
const stars = (avg: number | null) => (avg === null ? "no reviews" : `${avg.toFixed(2)} of 5`);

export type Table = { caption: string; head: string[]; rows: string[][]; empty: string; numeric?: boolean[] };
export type Section = { title: string; summary: string[]; tables: Table[]; notes: string[] };

export const reportTitle = (r: ClientReportData) => `${r.connection.name}: ${r.period.words}`;
export const reportSubject = (r: ClientReportData) => `${r.organization.name} · ${r.connection.name} report, ${r.period.words}`;

/** The report's sections, in the order every medium shows them. */
export function reportSections(r: ClientReportData): Section[] {
  const sales: Section = {
    title: "Sales",
    summary: r.sales.totals.length
      ? r.sales.totals.map((t) => `${amount(t.proceeds, t.currency)} proceeds from ${whole(t.units)} units${t.refunds ? ` (${whole(t.refunds)} refunded)` : ""}`)
      : ["No sales in this period."],
    tables: [
      {
        caption: "Proceeds by app",
        head: ["App", "Currency", "Units", "Proceeds"],
        rows: r.sales.byApp.map((a) => [a.app, a.currency, whole(a.units), amount(a.proceeds, a.currency)]),
        empty: "No sales.",
        numeric: [false, false, true, true],
      },
    ],
    notes: [
      r.sales.previousTotals.length ? `The period before: ${r.sales.previousTotals.map((t) => `${amount(t.proceeds, t.currency)} from ${whole(t.units)} units`).join("; ")}.` : "No sales in the period before.",
      "Proceeds are Apple's developer proceeds in the currency Apple reports them in; refunds subtract.",
    ],
  };
  const ratings: Section = {
    title: "Ratings and reviews",
    summary: [
      `${whole(r.ratings.reviews)} ${r.ratings.reviews === 1 ? "review" : "reviews"}, average ${stars(r.ratings.average)}`,
      `${whole(r.replies.published)} ${r.replies.published === 1 ? "reply" : "replies"} published${r.replies.pending ? `, ${whole(r.replies.pending)} waiting for Apple to publish` : ""}`,
    ],
    tables: [{ caption: "Reviews by stars", head: ["Stars", "Reviews"], rows: r.ratings.byStars.map((s) => [`${s.stars} ${s.stars === 1 ? "star" : "stars"}`, whole(s.reviews)]), empty: "No reviews.", numeric: [false, true] }],
    notes: r.ratings.reviews ? [`${whole(r.replies.unansweredFromPeriod)} of this period's reviews have no reply yet.`] : [],
  };
  const metadata: Section = {
    title: "App Store changes",
    summary: [`${whole(r.metadata.changes)} metadata ${r.metadata.changes === 1 ? "field" : "fields"} pushed`, `${whole(r.media.changes)} screenshot and preview ${r.media.changes === 1 ? "change" : "changes"}`],
    tables: [
      { caption: "Metadata pushed", head: ["App", "Locale", "Field", "Changes"], rows: r.metadata.rows.map((m) => [m.app, m.locale, m.field, whole(m.changes)]), empty: "No metadata changes.", numeric: [false, false, false, true] },
      { caption: "Screenshots and previews", head: ["App", "Locale", "Media", "Action", "Changes"], rows: r.media.rows.map((m) => [m.app, m.locale, m.kind, m.action, whole(m.changes)]), empty: "No media changes.", numeric: [false, false, false, false, true] },
    ],
    notes: [],
  };
  const c = r.conversion;
  const conversion: Section = c.available
    ? {
        title: "Conversion",
        summary: [`${whole(c.totals.impressions)} impressions → ${whole(c.totals.productPageViews)} product page views → ${whole(c.totals.firstTimeDownloads)} first-time downloads`, `Conversion rate ${percent(c.totals.conversionRate)}`],
        tables: [
          {
            caption: "Funnel by app",
            head: ["App", "Impressions", "Page views", "Downloads", "Conversion"],
            rows: c.byApp.map((a) => [a.app, whole(a.impressions), whole(a.productPageViews), whole(a.firstTimeDownloads), percent(a.conversionRate)]),
            empty: "No traffic.",
            numeric: [false, true, true, true, true],
          },
        ],
        notes: c.notes,
      }
    : { title: "Conversion", summary: [c.words], tables: [], notes: [] };
  return [sales, ratings, metadata, conversion];
}

const cell = "padding:6px 8px;border-bottom:1px solid #e2e8f0;font-size:13px;color:#0f172a";

function tableHtml(t: Table) {
  const align = (i: number) => (t.numeric?.[i] ? "right" : "left");
  const head = t.head.map((h, i) => `<th align="${align(i)}" style="${cell};color:#475569;font-weight:600;text-align:${align(i)}">${escapeHtml(h)}</th>`).join("");
  const body = t.rows.length
    ? t.rows.map((row) => `<tr>${row.map((v, i) => `<td align="${align(i)}" style="${cell};text-align:${align(i)}">${escapeHtml(v)}</td>`).join("")}</tr>`).join("")
    : `<tr><td colspan="${t.head.length}" style="${cell};color:#64748b">${escapeHtml(t.empty)}</td></tr>`;
  return `<p style="margin:16px 0 4px;font-size:13px;font-weight:600;color:#334155">${escapeHtml(t.caption)}</p><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The email's HTML: tables and inline styles only (mail programs drop style sheets), every
 * name and figure escaped, the organisation's name at the top and the foot.
 */
export function reportHtml(r: ClientReportData) {
  const sections = reportSections(r)
    .map(
      (s) =>
        `<h2 style="margin:28px 0 6px;font-size:17px;color:#0f172a">${escapeHtml(s.title)}</h2>` +
        s.summary.map((line) => `<p style="margin:2px 0;font-size:15px;color:#0f172a">${escapeHtml(line)}</p>`).join("") +
        s.tables.map(tableHtml).join("") +
        s.notes.map((n) => `<p style="margin:8px 0 0;font-size:12px;color:#64748b">${escapeHtml(n)}</p>`).join(""),
    )
    .join("");
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(reportSubject(r))}</title></head>` +
    `<body style="margin:0;padding:0;background:#f1f5f9"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9"><tr><td align="center" style="padding:24px 12px">` +
    `<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="max-width:640px;width:100%;background:#ffffff;border-radius:8px"><tr><td style="padding:28px 32px;font-family:Helvetica,Arial,sans-serif">` +
    `<p style="margin:0;font-size:13px;color:#64748b;text-transform:uppercase;letter-spacing:0.05em">${escapeHtml(r.organization.name)}</p>` +
    `<h1 style="margin:4px 0 2px;font-size:22px;color:#0f172a">${escapeHtml(reportTitle(r))}</h1>` +
    `<p style="margin:0;font-size:13px;color:#475569">${escapeHtml(r.period.days)} (UTC) · the PDF is attached</p>` +
    sections +
    `<p style="margin:32px 0 0;padding-top:12px;border-top:1px solid #e2e8f0;font-size:12px;color:#64748b">Prepared by ${escapeHtml(r.organization.name)} from App Store Connect data.</p>` +
    `</td></tr></table></td></tr></table></body></html>`
  );
}

/** The email's plain-text part: the same sections as lines. */
export function reportText(r: ClientReportData) {
  const lines = [r.organization.name, reportTitle(r), `${r.period.days} (UTC)`, ""];
  for (const s of reportSections(r)) {
    lines.push(s.title.toUpperCase(), ...s.summary);
    for (const t of s.tables) {
      lines.push("", `${t.caption}:`);
      lines.push(...(t.rows.length ? t.rows.map((row) => `  ${row.join(" | ")}`) : [`  ${t.empty}`]));
    }
    lines.push(...s.notes, "");
  }
  lines.push(`-- \nPrepared by ${r.organization.name} from App Store Connect data.`);
  return `${lines.join("\n")}\n`;
}
