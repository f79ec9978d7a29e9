import { describe, expect, it } from "vitest";
import { changeOf, compactRange, dayRanges, periodOf, previousPeriod, withRates, zeroCounts } from "./figures";

describe("analytics periods and figures", () => {
  it("puts a day in its ISO week (from Monday) and month", () => {
    expect(periodOf("2026-11-15", "week")).toBe("2026-11-09"); // a Sunday
    expect(periodOf("2026-11-09", "week")).toBe("2026-11-09");
    expect(periodOf("2026-11-01", "week")).toBe("2026-10-26");
    expect(periodOf("2026-11-01", "month")).toBe("2026-11");
  });

  it("gives the previous period of the same length", () => {
    expect(previousPeriod({ from: "2026-11-01", to: "2026-11-30" })).toEqual({ from: "2026-10-02", to: "2026-10-31" });
  });

  it("joins consecutive days into ranges and words them", () => {
    const r = dayRanges(["2026-11-12", "2026-11-10", "2026-11-11", "2026-11-30", "2026-12-01"]);
    expect(r).toEqual([{ from: "2026-11-10", to: "2026-11-12" }, { from: "2026-11-30", to: "2026-12-01" }]);
    expect(r.map(compactRange)).toEqual(["10–12 Nov", "30 Nov–1 Dec"]);
  });

  it("rates divide by impressions or page views, null without any; changes are relative for counts and in points for rates", () => {
    const now = withRates({ ...zeroCounts(), impressions: 200, productPageViews: 50, firstTimeDownloads: 10 });
    const before = withRates({ ...zeroCounts(), impressions: 100, productPageViews: 0, firstTimeDownloads: 4 });
    expect([now.pageViewRate, now.conversionRate, now.pageConversion]).toEqual([0.25, 0.05, 0.2]);
    expect(before.pageConversion).toBeNull();
    const c = changeOf(now, before);
    expect(c.impressions).toBe(1);
    expect(c.productPageViews).toBeNull();
    expect(c.conversionRate).toBeCloseTo(0.01, 10);
    expect(c.pageConversion).toBeNull();
  });
});
