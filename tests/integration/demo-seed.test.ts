import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { AscSimulator } from "../asc-sim/server";

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
