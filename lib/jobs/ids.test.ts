import { describe, expect, it } from "vitest";
import { childPriority, runItemJobId, runJobId, salesDueJobId, salesRetryJobId } from "./ids";

describe("job ids", () => {
  // Jobs waiting in Redis carry these ids: a changed format would add the same work twice.
  it("keeps the formats of jobs already queued", () => {
    expect(runJobId("run1")).toBe("run.run1");
    expect(runItemJobId("run1", "metadata", "app9")).toBe("run1.metadata.app9");
    expect(runItemJobId("run1", "reviews", "app9")).toBe("run1.reviews.app9");
    expect(runItemJobId("run1", "sales", "2026-06-10")).toBe("run1.sales.2026-06-10");
    expect(salesDueJobId("conn1", "2026-06-10")).toBe("sales-due.conn1.2026-06-10");
    expect(salesRetryJobId("conn1", "2026-06-10", 493_000)).toBe("sales-retry.conn1.2026-06-10.493000");
  });

  it("runs people's requests first, then every connection's n-th item in turn", () => {
    expect([childPriority(true, 0), childPriority(true, 500)]).toEqual([1, 1]);
    expect([childPriority(false, 0), childPriority(false, 7), childPriority(false, 5_000_000)]).toEqual([10, 17, 2_000_000]);
  });
});
