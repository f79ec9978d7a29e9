import { describe, expect, it } from "vitest";
import { effectFigures, ratioInterval, type SourceCounts } from "./effect-math";

const before: SourceCounts[] = [
  { sourceType: "App Store search", impressions: 50_000, downloads: 3_500 },
  { sourceType: "App Store browse", impressions: 30_000, downloads: 1_200 },
  { sourceType: "Web referrer", impressions: 5_000, downloads: 400 },
];
const after: SourceCounts[] = [
  { sourceType: "App Store search", impressions: 60_000, downloads: 5_040 },
  { sourceType: "App Store browse", impressions: 25_000, downloads: 1_000 },
  { sourceType: "Web referrer", impressions: 5_000, downloads: 400 },
];

describe("the before/after effect of a change", () => {
  it("splits the change in conversion into mix and within, adding up to the total", () => {
    const f = effectFigures(before, after);
    expect(f.conversion.before).toBeCloseTo(5_100 / 85_000, 12);
    expect(f.conversion.after).toBeCloseTo(6_440 / 90_000, 12);
    const { total, mix, within } = f.decomposition;
    expect(mix! + within!).toBe(total);
    expect(total).toBeCloseTo(f.conversion.change!, 12);
    // Search took a larger share (mix up) and converts better within itself (within up).
    expect(mix).toBeGreaterThan(0);
    expect(within).toBeGreaterThan(0);
  });

  it("gives each source's share of impressions in each window, summing to one", () => {
    const f = effectFigures(before, after);
    const search = f.decomposition.bySource[0];
    expect(search.sourceType).toBe("App Store search");
    expect(search.shareBefore).toBeCloseTo(50_000 / 85_000, 12);
    expect(search.shareAfter).toBeCloseTo(60_000 / 90_000, 12);
    expect(search.conversionAfter).toBeCloseTo(0.084, 12);
    expect(search.relativeChange).toBeCloseTo(0.2, 12);
    expect(f.decomposition.bySource.reduce((s, x) => s + x.shareBefore!, 0)).toBeCloseTo(1, 12);
    expect(f.decomposition.bySource.reduce((s, x) => s + x.shareAfter!, 0)).toBeCloseTo(1, 12);
    expect(f.samples).toEqual({ impressionsBefore: 85_000, impressionsAfter: 90_000, downloadsBefore: 5_100, downloadsAfter: 6_440 });
  });

  it("puts a source seen in one window only wholly in the mix", () => {
    const f = effectFigures(before, [...after, { sourceType: "App referrer", impressions: 10_000, downloads: 900 }]);
    const referrer = f.decomposition.bySource.find((s) => s.sourceType === "App referrer")!;
    expect([referrer.shareBefore, referrer.conversionBefore, referrer.relativeChange]).toEqual([0, null, null]);
    expect(f.decomposition.mix! + f.decomposition.within!).toBe(f.decomposition.total);
    expect(f.decomposition.total).toBeCloseTo(f.conversion.change!, 12);
  });

  it("gives a 95% interval of the relative change that holds the true ratio and is significant when it excludes 0", () => {
    // True rates 7% and 8.4%: a +20% change; counts at those rates.
    const r = ratioInterval(3_500, 50_000, 5_040, 60_000)!;
    expect(r.relativeChange).toBeCloseTo(0.2, 12);
    const se = Math.sqrt((1 - 0.084) / (60_000 * 0.084) + (1 - 0.07) / (50_000 * 0.07));
    expect(r.ci95[0]).toBeCloseTo(Math.exp(Math.log(1.2) - 1.959963984540054 * se) - 1, 12);
    expect(r.ci95[0]).toBeLessThan(0.2);
    expect(r.ci95[1]).toBeGreaterThan(0.2);
    expect(r.ci95[0]).toBeGreaterThan(0);
    expect(effectFigures(before, after).conversion.significant).toBe(true);
  });

  it("calls a small change in a small sample not significant, and gives nothing without impressions", () => {
    const small = effectFigures([{ sourceType: "App Store search", impressions: 500, downloads: 35 }], [{ sourceType: "App Store search", impressions: 500, downloads: 38 }]);
    expect(small.conversion.ci95![0]).toBeLessThan(0);
    expect(small.conversion.ci95![1]).toBeGreaterThan(0);
    expect(small.conversion.significant).toBe(false);
    const none = effectFigures([], after);
    expect(none.conversion).toMatchObject({ before: null, change: null, relativeChange: null, ci95: null, significant: false });
    expect(none.decomposition.total).toBeNull();
  });
});
