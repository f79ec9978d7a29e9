import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBudget } from "@/lib/asc/budget";
import { ascClient } from "@/lib/asc/client";
import { accountReader } from "@/lib/asc/read";
import { AscSimulator } from "../asc-sim/server";
import { simConnection } from "./support/sim-connection";
import { simulatorForFile } from "./support/simulator";

/**
 * The simulator's budget is set low (10 requests per 2-second window) so that pacing is
 * visible in a short test; the client's budget uses the same window.
 */
const WINDOW = 2_000;
const LIMIT = 10;
const sim = new AscSimulator({ seed: 3, sizes: { apps: 1, reviewsPerApp: 5 }, hourlyBudget: LIMIT, budgetWindowMs: WINDOW });

simulatorForFile(sim);

describe("shared request budget", () => {
  it("paces concurrent background work to zero 429s and serves an interactive request ahead of it", async () => {
    const conn = await simConnection(sim);
    // Three "workers", each with its own client and budget object, as separate processes would have.
    const worker = () => ascClient(conn, { baseUrl: sim.url, budget: requestBudget({ windowMs: WINDOW, defaultLimit: LIMIT, skewMs: 200 }), retry: { maxAttempts: 1 } });
    const started = Date.now();
    const finished: number[] = [];
    const background = [0, 1, 2].map(async () => {
      const w = worker();
      for (let i = 0; i < 8; i++) {
        await w.request({ path: "/v1/apps", priority: "background" });
        finished.push(Date.now() - started);
      }
    });
    // A person asks for something while the queue is full.
    await new Promise((r) => setTimeout(r, 300));
    const asked = Date.now() - started;
    await worker().request({ path: "/v1/apps", priority: "interactive" });
    const interactiveDone = Date.now() - started;
    await Promise.all(background);

    expect(sim.stats.rateLimited).toBe(0);
    expect(finished).toHaveLength(24);
    // 25 requests at 10 per 2 s take at least two full windows.
    expect(Math.max(...finished)).toBeGreaterThan(2 * WINDOW);
    // The interactive request did not wait behind the background queue.
    expect(finished.filter((t) => t > interactiveDone).length).toBeGreaterThan(10);
    // It used the reserve background work leaves free, instead of waiting for the window to roll.
    expect(interactiveDone - asked).toBeLessThan(WINDOW / 4);
  });
});

describe("requests made elsewhere with the same key", () => {
  // Apple's budget is per key: a CI job or fastlane using the same key spends it too, and
  // the dashboard learns of that only from X-Rate-Limit's user-hour-rem.
  const W = 3_000;
  const L = 30;
  const shared = new AscSimulator({ seed: 4, sizes: { apps: 3, reviewsPerApp: 250 }, hourlyBudget: L, budgetWindowMs: W });
  beforeAll(() => shared.listen());
  afterAll(() => shared.close());

  it("counts them from user-hour-rem, so a full read that needs more than is left waits instead of meeting 429s", async () => {
    const conn = await simConnection(shared);
    const client = ascClient(conn, { baseUrl: shared.url, budget: requestBudget({ windowMs: W, defaultLimit: L, skewMs: 200 }), retry: { maxAttempts: 1 } });
    // Another tool has just spent 25 of the key's 30 requests.
    expect(shared.chargeElsewhere(conn.issuerId!, conn.keyId, 25)).toBe(25);
    const started = Date.now();
    // Everything a full sync reads: the apps, each app's metadata (two requests) and its reviews (two pages).
    const reader = accountReader(client);
    let reviews = 0;
    for await (const apps of reader.apps()) {
      for (const app of apps) {
        await reader.metadata(app.id);
        for await (const page of reader.reviews(app.id)) reviews += page.reviews.length;
      }
    }
    expect(reviews).toBe(750);
    expect(Object.values(shared.stats.requests).reduce((a, b) => a + b, 0)).toBe(1 + 3 * 2 + 3 * 2);
    expect(shared.stats.rateLimited).toBe(0);
    // Only 5 could go before the other tool's requests aged out of Apple's window.
    expect(Date.now() - started).toBeGreaterThan(W - 500);
  });
});
