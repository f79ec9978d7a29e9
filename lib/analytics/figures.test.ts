import { describe, expect, it } from "vitest";
import { changeOf, compactRange, dayRanges, periodOf, previousPeriod, splitByMonth, withRates, zeroCounts } from "./figures";

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

describe("a range split into whole months and the days at either end", () => {
  it("reads whole months inside the range and leaves the ends as days", () => {
    expect(splitByMonth({ from: "2025-11-25", to: "2026-11-24" })).toEqual({
      months: { from: "2025-12-01", to: "2026-10-01" },
      days: [{ from: "2025-11-25", to: "2025-11-30" }, { from: "2026-11-01", to: "2026-11-24" }],
    });
    expect(splitByMonth({ from: "2026-01-01", to: "2026-03-31" })).toEqual({ months: { from: "2026-01-01", to: "2026-03-01" }, days: [] });
    // February of a leap year ends on the 29th.
    expect(splitByMonth({ from: "2028-02-01", to: "2028-02-29" })).toEqual({ months: { from: "2028-02-01", to: "2028-02-01" }, days: [] });
    expect(splitByMonth({ from: "2028-02-01", to: "2028-02-28" })).toEqual({ months: null, days: [{ from: "2028-02-01", to: "2028-02-28" }] });
  });

  it("keeps a range within one month, or across two without a whole one, as days", () => {
    expect(splitByMonth({ from: "2026-11-02", to: "2026-11-15" })).toEqual({ months: null, days: [{ from: "2026-11-02", to: "2026-11-15" }] });
    expect(splitByMonth({ from: "2026-10-19", to: "2026-11-15" })).toEqual({ months: null, days: [{ from: "2026-10-19", to: "2026-11-15" }] });
    expect(splitByMonth({ from: "2025-12-31", to: "2026-02-01" })).toEqual({ months: { from: "2026-01-01", to: "2026-01-01" }, days: [{ from: "2025-12-31", to: "2025-12-31" }, { from: "2026-02-01", to: "2026-02-01" }] });
  });
});
