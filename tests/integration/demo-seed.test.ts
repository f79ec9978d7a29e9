import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { now as clockNow } from "@/lib/clock";
import { lastCompletePeriod } from "@/lib/reports/period";
import { sendReport } from "@/lib/reports/send";
import { AscSimulator } from "../asc-sim/server";
import { freePort } from "./support/faults";
import { smtpReceiver } from "./support/smtp";

// The demo's client report is mailed to a real SMTP server of the test's own.
const smtpPort = await freePort();
Object.assign(process.env, { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: "Reports <reports@example.test>" });

const sim = new AscSimulator({ seed: 9, sizes: { apps: 1, reviewsPerApp: 3 } });

beforeAll(() => sim.listen());
afterAll(async () => {
  await sim.close();
  await getRedis().quit();
  await getDb().$disconnect();
});

/** The demo's seed step in a child process, as `npm run demo` runs it (asynchronous: the simulator lives here). */
function seed(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "scripts/seed-demo.ts"], { encoding: "utf8", env: { ...process.env, ASC_API_BASE_URL: sim.url, LOG_LEVEL: "silent", ...env } }, (e, out, err) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe("the demo's seed", () => {
  it("seeds once, starts again with the same vault key, and says how to start over when the data was sealed with another key", { timeout: 90_000 }, async () => {
    const first = await seed({});
    expect(first.err).toBe("");
    expect(first.out).toContain("sign in as demo@example.com");
    expect(first.out).toMatch(/demo connection "Demo team \(simulator\)": Works/);
    expect(await db.user.count({ where: { email: "demo@example.com" } })).toBe(1);
    // The demo connection has a weekly client report to preview and send.
    const reports = await db.clientReport.findMany({ where: { connection: { name: "Demo team (simulator)" } }, select: { cadence: true, enabled: true, recipients: true } });
    expect(reports).toEqual([{ cadence: "WEEKLY", enabled: true, recipients: ["client@example.com"] }]);

    // It arrives by email: HTML naming the organisation, with the PDF attached.
    const smtp = await smtpReceiver(smtpPort);
    try {
      const report = await db.clientReport.findFirstOrThrow({ where: { connection: { name: "Demo team (simulator)" } }, select: { id: true, organizationId: true, connectionId: true, recipients: true, organization: { select: { name: true } } } });
      const sent = await sendReport(report, lastCompletePeriod("WEEKLY", clockNow()));
      expect(sent).toMatchObject({ mailed: true, send: { status: "SENT" } });
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0];
      expect(mail.to).toEqual(["client@example.com"]);
      expect(mail.body).toContain(report.organization.name);
      expect(mail.body).toMatch(/Content-Type: text\/html/i);
      const pdfPart = /Content-Type: application\/pdf[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/i.exec(mail.body);
      expect(pdfPart, "a PDF attachment").not.toBeNull();
      expect(Buffer.from(pdfPart![1].replace(/\s+/g, ""), "base64").subarray(0, 5).toString("latin1")).toBe("%PDF-");
    } finally {
      await smtp.close();
    }

    // Starting again (the simulator forgets keys when it restarts) re-registers the key.
    const again = await seed({});
    expect(again.code).toBe(0);
    expect(again.out).toContain("demo data present");
    expect(await db.clientReport.count({ where: { connection: { name: "Demo team (simulator)" } } })).toBe(1);

    // A second checkout, or a new .env, against the same database: another vault key.
    const other = await seed({ VAULT_KEKS: `k9:${randomBytes(32).toString("base64")}`, VAULT_ACTIVE_KEK: "k9" });
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/^seed failed: the demo database "ascdash_it_[^"]+" holds demo data sealed with a different vault key than VAULT_KEKS in this \.env/);
    expect(other.err).toContain("start over with: npm run demo -- --reset");
    expect(other.err).not.toMatch(/wrapped data key failed authentication/);
  });
});
