/** Deterministic seed data of the simulated App Store Connect account. */

export type SimSizes = { apps: number; reviewsPerApp: number; locales?: number };
export type SimApp = { id: string; name: string; bundleId: string; sku: string; primaryLocale: string };
export type SimReview = { id: string; appId: string; rating: number; title: string; body: string; reviewerNickname: string; createdDate: string; territory: string };
export type SimResponse = { id: string; reviewId: string; responseBody: string; lastModifiedDate: string; state: "PENDING_PUBLISH" | "PUBLISHED" };

export type SimAppInfo = { id: string; appId: string; appStoreState: string };
export type SimInfoLoc = { id: string; appInfoId: string; locale: string; name: string; subtitle: string; privacyPolicyUrl: string };
export type SimVersion = { id: string; appId: string; platform: "IOS"; versionString: string; appStoreState: string; appVersionState: string; createdDate: string };
export type SimVersionLoc = { id: string; versionId: string; locale: string; description: string; keywords: string; marketingUrl: string; promotionalText: string; supportUrl: string; whatsNew: string };

export type SimState = {
  apps: SimApp[];
  appInfos: SimAppInfo[];
  infoLocs: SimInfoLoc[];
  versions: SimVersion[];
  versionLocs: SimVersionLoc[];
  /** Per app, newest first, as Apple sorts by -createdDate. */
  reviews: Map<string, SimReview[]>;
  reviewById: Map<string, SimReview>;
  responses: Map<string, SimResponse>;
  nextId: number;
  /** Sales reports a test wrote by hand, by day (TSV text; empty means no sales that day). */
  customReports: Map<string, string>;
};

/** mulberry32: small, fast and the same on every machine for the same seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["great", "app", "crashes", "love", "update", "slow", "useful", "design", "sync", "battery", "widget", "dark", "mode", "please", "fix", "thanks"];
const TERRITORIES = ["USA", "GBR", "DEU", "FRA", "JPN", "CAN", "AUS", "BRA", "ITA", "ESP"];

export function seedState(seed: number, sizes: SimSizes, now = Date.UTC(2026, 10, 1)): SimState {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const apps: SimApp[] = Array.from({ length: sizes.apps }, (_, i) => ({
    id: String(1_000_000_000 + seed * 1000 + i),
    name: `Sim App ${i + 1}`,
    bundleId: `com.example.sim${seed}.app${i + 1}`,
    sku: `SIM${seed}-${i + 1}`,
    primaryLocale: "en-US",
  }));
  const reviews = new Map<string, SimReview[]>();
  const reviewById = new Map<string, SimReview>();
  for (const app of apps) {
    const list: SimReview[] = [];
    for (let r = 0; r < sizes.reviewsPerApp; r++) {
      const review: SimReview = {
        id: `${app.id}-r${r}`,
        appId: app.id,
        rating: 1 + Math.floor(rnd() * 5),
        title: sentence(3),
        body: sentence(12),
        reviewerNickname: `user${Math.floor(rnd() * 100000)}`,
        // Spread over the past year, one review a little older than the next.
        createdDate: new Date(now - (r + 1) * Math.floor(365 * 86_400_000 / Math.max(1, sizes.reviewsPerApp))).toISOString(),
        territory: pick(TERRITORIES),
      };
      list.push(review);
      reviewById.set(review.id, review);
    }
    reviews.set(app.id, list);
  }
  const LOCALES = ["en-US", "de-DE", "fr-FR", "ja", "es-ES", "it", "pt-BR", "zh-Hans", "ko", "nl-NL"];
  const locales = LOCALES.slice(0, Math.max(1, Math.min(LOCALES.length, sizes.locales ?? 3)));
  const appInfos: SimAppInfo[] = [];
  const infoLocs: SimInfoLoc[] = [];
  const versions: SimVersion[] = [];
  const versionLocs: SimVersionLoc[] = [];
  apps.forEach((app, i) => {
    const info = { id: `${app.id}-info`, appId: app.id, appStoreState: "READY_FOR_SALE" };
    appInfos.push(info);
    // Every app has a live version; even ones also have an editable next version, odd ones one in review.
    const vs: SimVersion[] = [
      { id: `${app.id}-v1`, appId: app.id, platform: "IOS", versionString: "1.0", appStoreState: "READY_FOR_SALE", appVersionState: "READY_FOR_DISTRIBUTION", createdDate: new Date(now - 200 * 86_400_000).toISOString() },
      i % 2 === 0
        ? { id: `${app.id}-v2`, appId: app.id, platform: "IOS", versionString: "1.1", appStoreState: "PREPARE_FOR_SUBMISSION", appVersionState: "PREPARE_FOR_SUBMISSION", createdDate: new Date(now - 5 * 86_400_000).toISOString() }
        : { id: `${app.id}-v2`, appId: app.id, platform: "IOS", versionString: "1.1", appStoreState: "WAITING_FOR_REVIEW", appVersionState: "WAITING_FOR_REVIEW", createdDate: new Date(now - 5 * 86_400_000).toISOString() },
    ];
    versions.push(...vs);
    locales.forEach((locale, l) => {
      infoLocs.push({ id: `${app.id}-il${l}`, appInfoId: info.id, locale, name: `${app.name} ${locale}`.slice(0, 30), subtitle: sentence(3).slice(0, 30), privacyPolicyUrl: `https://example.com/${locale}/privacy` });
      for (const v of vs) {
        versionLocs.push({
          id: `${v.id}-l${l}`, versionId: v.id, locale, description: sentence(40), keywords: Array.from({ length: 6 }, () => pick(WORDS)).join(","),
          marketingUrl: `https://example.com/${locale}`, promotionalText: sentence(8), supportUrl: `https://example.com/${locale}/support`, whatsNew: sentence(10),
        });
      }
    });
  });
  // Every fifth review already has a published response.
  const responses = new Map<string, SimResponse>();
  let n = 0;
  for (const list of reviews.values()) {
    list.forEach((r, i) => {
      if (i % 5 === 4) responses.set(r.id, { id: `resp-seed-${++n}`, reviewId: r.id, responseBody: "Thank you for the feedback!", lastModifiedDate: r.createdDate, state: "PUBLISHED" });
    });
  }
  return { apps, appInfos, infoLocs, versions, versionLocs, reviews, reviewById, responses, nextId: 1, customReports: new Map() };
}

/** Apple publishes a reply some time after it is sent; here that happens by the next read. */
export function publishDue(state: SimState) {
  for (const r of state.responses.values()) if (r.state === "PENDING_PUBLISH") r.state = "PUBLISHED";
}
