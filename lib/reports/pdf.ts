import PDFDocument from "pdfkit";
import type { ClientReportData } from "./build";
import { reportSections, reportSubject, reportTitle, type Table } from "./render";

/** Characters Helvetica's built-in encoding (WinAnsi) has beyond Latin-1's. */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the built-in Helvetica can draw: arrows in ASCII, any other character it lacks as "?". */
export function pdfSafe(s: string) {
  return [...s.replace(/→/g, "->").replace(/★/g, "*")].map((c) => (c.charCodeAt(0) <= 0xff || WIN_ANSI_EXTRA.has(c) ? c : "?")).join("");
}

const MARGIN = 50;
const INK = "#0f172a";
const MUTED = "#64748b";

/**
 * The report as a PDF (A4, the built-in Helvetica): the organisation's name, the connection,
 * the period and every section's figures. The document's title and author carry the
 * organisation's name too. `compress: false` leaves the page text readable in the file.
 */
export function reportPdf(r: ClientReportData, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    compress: opts.compress ?? true,
    info: { Title: pdfSafe(reportSubject(r)), Author: pdfSafe(r.organization.name), Subject: pdfSafe(`${r.connection.name}, ${r.period.key}`), Creator: "ascdash", CreationDate: new Date(r.generatedAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const text = (s: string, o: { size?: number; bold?: boolean; color?: string; gap?: number } = {}) => {
    doc.font(o.bold ? "Helvetica-Bold" : "Helvetica").fontSize(o.size ?? 10).fillColor(o.color ?? INK);
    room(doc.heightOfString(pdfSafe(s), { width }));
    doc.text(pdfSafe(s), MARGIN, doc.y, { width });
    if (o.gap) doc.moveDown(o.gap);
  };

  const table = (t: Table) => {
    doc.moveDown(0.6);
    text(t.caption, { bold: true, size: 10, color: "#334155" });
    doc.moveDown(0.2);
    const cols = t.head.length;
    // The first column (a name) takes what the figures leave.
    const figure = Math.min(90, width / cols);
    const first = width - figure * (cols - 1);
    const widths = t.head.map((_, i) => (i === 0 ? first : figure));
    const row = (cells: string[], bold: boolean) => {
      doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(pdfSafe(c), { width: widths[i] - 6 }))) + 4;
      room(h);
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        doc.fillColor(bold ? "#475569" : INK).text(pdfSafe(c), x, y, { width: widths[i] - 6, align: t.numeric?.[i] ? "right" : "left" });
        x += widths[i];
      });
      doc.y = y + h;
      doc.moveTo(MARGIN, doc.y - 1).lineTo(MARGIN + width, doc.y - 1).lineWidth(0.5).strokeColor("#e2e8f0").stroke();
    };
    row(t.head, true);
    if (!t.rows.length) text(t.empty, { size: 9, color: MUTED });
    for (const cells of t.rows) row(cells, false);
  };

  text(r.organization.name.toUpperCase(), { size: 9, color: MUTED });
  text(reportTitle(r), { size: 18, bold: true });
  text(`${r.period.days} (UTC)`, { size: 10, color: "#475569", gap: 0.5 });
  for (const s of reportSections(r)) {
    doc.moveDown(1);
    text(s.title, { size: 13, bold: true, gap: 0.2 });
    for (const line of s.summary) text(line, { size: 11 });
    s.tables.forEach(table);
    if (s.notes.length) doc.moveDown(0.4);
    for (const n of s.notes) text(n, { size: 8, color: MUTED });
  }
  doc.moveDown(2);
  text(`Prepared by ${r.organization.name} from App Store Connect data.`, { size: 8, color: MUTED });
  doc.end();
  return done;
}
