import type { SimApp } from "./data";

/**
 * The App Store traffic the simulated account's apps get: impressions, product page views,
 * first-time downloads and redownloads per app × day × territory × source type × page type ×
 * device, drawn from the seed, so every run and every reader sees the same numbers. A keyword
 * change to a locale (through the metadata PATCH) raises search conversion in the territories
 * that display that locale from the next UTC day, by an amount tests read at
 * GET /__sim/analytics/effects.
 */

/**
 * Storefront (ISO 3166-1 alpha-2, as the analytics files name territories) → the App Store
 * localizations shown there. Drawn from Apple's storefront list (each storefront's supported
 * languages; public copy: gist.github.com/fumoboy007/a1872bc894b0a851d7de74f754253bf8) and
 * App Store Connect Help, "App Store localizations". A small table: the territories the
 * simulator generates traffic for.
 */
export const STOREFRONT_LOCALES: Record<string, string[]> = {
  US: ["en-US", "es-MX"],
  GB: ["en-GB"],
  CA: ["en-CA", "fr-CA"],
  AU: ["en-AU"],
  DE: ["de-DE"],
  AT: ["de-DE"],
  CH: ["de-DE", "fr-FR", "it"],
  FR: ["fr-FR"],
  IT: ["it"],
  ES: ["es-ES", "ca"],
  MX: ["es-MX"],
  BR: ["pt-BR"],
  JP: ["ja"],
};

/** The territories that display a locale. */
export const territoriesOf = (locale: string) => Object.keys(STOREFRONT_LOCALES).filter((t) => STOREFRONT_LOCALES[t].includes(locale));

/** Share of an app's traffic per territory. */
const TERRITORY_WEIGHT: Record<string, number> = { US: 1, GB: 0.35, CA: 0.15, AU: 0.12, DE: 0.3, AT: 0.06, CH: 0.07, FR: 0.25, IT: 0.12, ES: 0.14, MX: 0.1, BR: 0.15, JP: 0.3 };
/** Apple's Source Type values; per source, its share of impressions, the share of impressions that open the product page, and the share of page views that download. */
export const SOURCE_TYPES: Record<string, { weight: number; pageViewRate: number; conversion: number }> = {
  "App Store search": { weight: 0.55, pageViewRate: 0.22, conversion: 0.32 },
  "App Store browse": { weight: 0.25, pageViewRate: 0.12, conversion: 0.2 },
  "Web referrer": { weight: 0.08, pageViewRate: 0.6, conversion: 0.25 },
  "App referrer": { weight: 0.07, pageViewRate: 0.5, conversion: 0.28 },
  Unavailable: { weight: 0.05, pageViewRate: 0.3, conversion: 0.22 },
};
export const PAGE_TYPES: Record<string, number> = { "Product page": 0.85, "Custom product page": 0.15 };
export const DEVICES: Record<string, { weight: number; platformVersion: string }> = { iPhone: { weight: 0.8, platformVersion: "iOS 26.1" }, iPad: { weight: 0.2, platformVersion: "iPadOS 26.1" } };

export type TrafficCell = { date: string; territory: string; sourceType: string; pageType: string; device: string; impressions: number; productPageViews: number; firstTimeDownloads: number; redownloads: number; installations: number; deletions: number };
export type KeywordChange = { appId: string; locale: string; localizationId: string; at: string; keywords: string };
/** The uplift, and how many territories get traffic (the 13 of the table, then more from ISO 3166-1 with a small share each, for benchmarks). */
export type TrafficEffects = { searchConversionUplift: number; territoryCount?: number };

const EXTRA_TERRITORIES = (() => {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const out: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      // Regions only: no groupings (EU, UN), private-use or unknown codes (Q*, X* but Kosovo, ZZ).
      const pseudo = /^(EU|EZ|UN|ZZ|Q[M-Z]|X[A-JL-Z])$/.test(code);
      if (!(code in TERRITORY_WEIGHT) && !pseudo && names.of(code) !== code) out.push(code);
    }
  }
  return out;
})();

/** Territories with their share of traffic: the table's first, then further ISO regions at 2% each. */
export function territoryWeights(count = Object.keys(TERRITORY_WEIGHT).length): [string, number][] {
  const base = Object.entries(TERRITORY_WEIGHT).slice(0, count);
  return [...base, ...EXTRA_TERRITORIES.slice(0, Math.max(0, count - base.length)).map((t): [string, number] => [t, 0.02])];
}

/** FNV-1a over a string, continuing from `h`: hashing a key piece by piece gives what hashing it whole does. */
function fnv(text: string, h = 2166136261): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}

/** A number in [0, 1) from an FNV state, its bits spread by murmur3's finaliser. */
function spread(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** A number in [0, 1) fixed by the key: the same on every machine, in every reader. */
const unit = (key: string) => spread(fnv(key));

export const dayMs = 86_400_000;
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => dayOf(Date.parse(`${day}T00:00:00Z`) + n * dayMs);

/** The first day a change shows in traffic: the UTC day after it was made. */
export const effectiveFrom = (c: KeywordChange) => addDays(c.at.slice(0, 10), 1);

/**
 * One app's traffic on one day, cell by cell, complete (as Apple holds it once the day is
 * final). Conversion on search rises by the uplift, compounded per change, in the
 * territories showing a locale whose keywords changed before that day.
 */
export function trafficOf(seed: number, app: SimApp, day: string, changes: KeywordChange[], effects: TrafficEffects): TrafficCell[] {
  const scale = 3000 + Math.floor(unit(`${seed}|${app.id}|scale`) * 5000);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const weekFactor = weekday === 0 || weekday === 6 ? 1.15 : 1;
  const live = changes.filter((c) => c.appId === app.id && effectiveFrom(c) <= day);
  const cells: TrafficCell[] = [];
  const hDay = fnv(`${seed}|${app.id}|${day}|`);
  for (const [territory, tw] of territoryWeights(effects.territoryCount)) {
    const boosts = live.filter((c) => STOREFRONT_LOCALES[territory]?.includes(c.locale)).length;
    const hT = fnv(`${territory}|`, hDay);
    for (const [sourceType, s] of Object.entries(SOURCE_TYPES)) {
      const hS = fnv(`${sourceType}|`, hT);
      for (const [pageType, pw] of Object.entries(PAGE_TYPES)) {
        const hP = fnv(`${pageType}|`, hS);
        for (const [device, d] of Object.entries(DEVICES)) {
          // The cell's key is `${seed}|${app}|${day}|${territory}|${sourceType}|${pageType}|${device}`, hashed in pieces.
          const key = fnv(device, hP);
          const noise = 0.8 + 0.4 * spread(key);
          const impressions = Math.round(scale * tw * s.weight * pw * d.weight * weekFactor * noise);
          const productPageViews = Math.round(impressions * s.pageViewRate * (0.9 + 0.2 * spread(fnv("|ppv", key))));
          const uplift = sourceType === "App Store search" ? (1 + effects.searchConversionUplift) ** boosts : 1;
          const firstTimeDownloads = Math.round(productPageViews * s.conversion * uplift * (0.9 + 0.2 * spread(fnv("|dl", key))));
          const redownloads = Math.round(productPageViews * 0.06 * (0.5 + spread(fnv("|re", key))));
          // Not every download is installed the same day; some users delete the app.
          const installations = Math.round((firstTimeDownloads + redownloads) * (0.85 + 0.1 * spread(fnv("|in", key))));
          const deletions = Math.round(installations * 0.3 * spread(fnv("|de", key)));
          cells.push({ date: day, territory, sourceType, pageType, device, impressions, productPageViews, firstTimeDownloads, redownloads, installations, deletions });
        }
      }
    }
  }
  return cells;
}

/**
 * The share of a day's events Apple has processed `age` days after it (age 1: the day after).
 * Recent days arrive partial and grow; from `completeAfterDays` on the day is final.
 */
export function completeness(age: number, completeAfterDays: number): number {
  if (age >= completeAfterDays) return 1;
  return 0.55 + (0.35 * (age - 1)) / Math.max(1, completeAfterDays - 1);
}

/** Apple provides a row only when it counts at least this many events (the privacy threshold). */
export const PRIVACY_THRESHOLD = 5;

export type TrafficTotals = { impressions: number; productPageViews: number; firstTimeDownloads: number; redownloads: number; installations: number; deletions: number };

/**
 * Sums of an app's traffic over [from, to] straight from the traffic model, without going
 * through report files: `generated` is every event; `reported` leaves out what a file would
 * (counts under the privacy threshold), with every day final.
 */
export function totalsOf(seed: number, app: SimApp, from: string, to: string, changes: KeywordChange[], effects: TrafficEffects) {
  const zero = (): TrafficTotals => ({ impressions: 0, productPageViews: 0, firstTimeDownloads: 0, redownloads: 0, installations: 0, deletions: 0 });
  const generated = zero();
  const reported = zero();
  const days: { date: string; generated: TrafficTotals; reported: TrafficTotals }[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const g = zero();
    const r = zero();
    for (const c of trafficOf(seed, app, day, changes, effects)) {
      for (const k of Object.keys(g) as (keyof TrafficTotals)[]) {
        g[k] += c[k];
        if (c[k] >= PRIVACY_THRESHOLD) r[k] += c[k];
      }
    }
    for (const k of Object.keys(g) as (keyof TrafficTotals)[]) {
      generated[k] += g[k];
      reported[k] += r[k];
    }
    days.push({ date: day, generated: g, reported: r });
  }
  return { appId: app.id, from, to, generated, reported, days };
}
