/** Impressions and first-time downloads of one source type over one window. */
export type SourceCounts = { sourceType: string; impressions: number; downloads: number };

export type SourceEffect = {
  sourceType: string;
  shareBefore: number | null;
  shareAfter: number | null;
  conversionBefore: number | null;
  conversionAfter: number | null;
  relativeChange: number | null;
  ci95: [number, number] | null;
  impressionsBefore: number;
  impressionsAfter: number;
  downloadsBefore: number;
  downloadsAfter: number;
};

export type EffectFigures = {
  conversion: { before: number | null; after: number | null; change: number | null; relativeChange: number | null; ci95: [number, number] | null; significant: boolean };
  decomposition: { total: number | null; mix: number | null; within: number | null; bySource: SourceEffect[] };
  samples: { impressionsBefore: number; impressionsAfter: number; downloadsBefore: number; downloadsAfter: number };
};

const Z95 = 1.959963984540054;
const rate = (d: number, n: number) => (n > 0 ? d / n : null);

/**
 * The relative change p1/p0 − 1 of two proportions with its 95% interval, by the delta
 * method on the log of the ratio: se = √((1−p1)/(n1·p1) + (1−p0)/(n0·p0)), interval
 * exp(log(p1/p0) ± 1.96·se) − 1. Null when either proportion is 0 or has no trials.
 */
export function ratioInterval(d0: number, n0: number, d1: number, n1: number): { relativeChange: number; ci95: [number, number] } | null {
  const p0 = rate(d0, n0);
  const p1 = rate(d1, n1);
  if (!p0 || !p1) return null;
  // Downloads can exceed unique impressions in a thin cell; the variance term is then floored at 0.
  const se = Math.sqrt(Math.max(0, 1 - p1) / (n1 * p1) + Math.max(0, 1 - p0) / (n0 * p0));
  const log = Math.log(p1 / p0);
  return { relativeChange: p1 / p0 - 1, ci95: [Math.exp(log - Z95 * se) - 1, Math.exp(log + Z95 * se) - 1] };
}

/**
 * Conversion (first-time downloads ÷ impressions) before and after, and its change split in
 * two parts that add up to it exactly: the traffic mix moving between source types (w = a
 * source's share of impressions) and conversion moving within each source (r):
 *   mix = Σ (w1 − w0)·(r0 + r1)/2,  within = Σ (r1 − r0)·(w0 + w1)/2.
 * A source seen in one window only takes the other window's rate for the missing one, so it
 * counts wholly as mix.
 */
export function effectFigures(before: SourceCounts[], after: SourceCounts[]): EffectFigures {
  const sum = (xs: SourceCounts[], k: "impressions" | "downloads") => xs.reduce((s, x) => s + x[k], 0);
  const n0 = sum(before, "impressions");
  const n1 = sum(after, "impressions");
  const d0 = sum(before, "downloads");
  const d1 = sum(after, "downloads");
  const p0 = rate(d0, n0);
  const p1 = rate(d1, n1);
  const overall = ratioInterval(d0, n0, d1, n1);

  const sources = [...new Set([...before, ...after].map((s) => s.sourceType))];
  const find = (xs: SourceCounts[], s: string) => xs.filter((x) => x.sourceType === s).reduce((a, x) => ({ impressions: a.impressions + x.impressions, downloads: a.downloads + x.downloads }), { impressions: 0, downloads: 0 });
  let mix = 0;
  let within = 0;
  const bySource: SourceEffect[] = sources.map((sourceType) => {
    const b = find(before, sourceType);
    const a = find(after, sourceType);
    const w0 = n0 > 0 ? b.impressions / n0 : 0;
    const w1 = n1 > 0 ? a.impressions / n1 : 0;
    const r0 = rate(b.downloads, b.impressions);
    const r1 = rate(a.downloads, a.impressions);
    const r0x = r0 ?? r1 ?? 0;
    const r1x = r1 ?? r0 ?? 0;
    mix += (w1 - w0) * ((r0x + r1x) / 2);
    within += (r1x - r0x) * ((w0 + w1) / 2);
    const ci = ratioInterval(b.downloads, b.impressions, a.downloads, a.impressions);
    return {
      sourceType,
      shareBefore: n0 > 0 ? w0 : null,
      shareAfter: n1 > 0 ? w1 : null,
      conversionBefore: r0,
      conversionAfter: r1,
      relativeChange: ci?.relativeChange ?? null,
      ci95: ci?.ci95 ?? null,
      impressionsBefore: b.impressions,
      impressionsAfter: a.impressions,
      downloadsBefore: b.downloads,
      downloadsAfter: a.downloads,
    };
  });
  bySource.sort((x, y) => y.impressionsBefore + y.impressionsAfter - (x.impressionsBefore + x.impressionsAfter) || x.sourceType.localeCompare(y.sourceType));

  const both = p0 !== null && p1 !== null;
  return {
    conversion: {
      before: p0,
      after: p1,
      change: both ? p1 - p0 : null,
      relativeChange: overall?.relativeChange ?? null,
      ci95: overall?.ci95 ?? null,
      significant: overall ? overall.ci95[0] > 0 || overall.ci95[1] < 0 : false,
    },
    // The total is the sum of its parts, so the two always add up to what is shown.
    decomposition: both ? { total: mix + within, mix, within, bySource } : { total: null, mix: null, within: null, bySource },
    samples: { impressionsBefore: n0, impressionsAfter: n1, downloadsBefore: d0, downloadsAfter: d1 },
  };
}
