import { seedMedia, type SimMedia } from "./media";
import { emptyAnalytics, type SimAnalytics } from "./analytics-reports";

/** Deterministic seed data of the simulated App Store Connect account. */

export type SimSizes = { apps: number; reviewsPerApp: number; locales?: number };
export type SimApp = { id: string; name: string; bundleId: string; sku: string; primaryLocale: string };
/** `versionId`: the App Store version the review was written for, as Apple lists a version's reviews. */
export type SimReview = { id: string; appId: string; rating: number; title: string; body: string; reviewerNickname: string; createdDate: string; territory: string; versionId: string };
export type SimResponse = { id: string; reviewId: string; responseBody: string; lastModifiedDate: string; state: "PENDING_PUBLISH" | "PUBLISHED" };

/** Apple's AppInfo `state` (spec: AppInfo.attributes.state). */
export type SimAppInfoState = "ACCEPTED" | "DEVELOPER_REJECTED" | "IN_REVIEW" | "PENDING_RELEASE" | "PREPARE_FOR_SUBMISSION" | "READY_FOR_DISTRIBUTION" | "READY_FOR_REVIEW" | "REJECTED" | "REPLACED_WITH_NEW_INFO" | "WAITING_FOR_REVIEW";
/** Apple's AppVersionState (spec: components.schemas.AppVersionState). */
export const APP_VERSION_STATES = [
  "ACCEPTED", "DEVELOPER_REJECTED", "IN_REVIEW", "INVALID_BINARY", "METADATA_REJECTED", "PENDING_APPLE_RELEASE", "PENDING_DEVELOPER_RELEASE", "PREPARE_FOR_SUBMISSION",
  "PROCESSING_FOR_DISTRIBUTION", "READY_FOR_DISTRIBUTION", "READY_FOR_REVIEW", "REJECTED", "REPLACED_WITH_NEW_VERSION", "WAITING_FOR_EXPORT_COMPLIANCE", "WAITING_FOR_REVIEW",
] as const;
export type SimVersionState = (typeof APP_VERSION_STATES)[number];

/**
 * An app has a live app info (READY_FOR_DISTRIBUTION) and, while a version is on its way,
 * a second one that follows that version's state; only the second can change (and only
 * while it is being prepared). The deprecated `appStoreState` is derived, as Apple does.
 */
export type SimAppInfo = { id: string; appId: string; state: SimAppInfoState };
export type SimInfoLoc = { id: string; appInfoId: string; locale: string; name: string; subtitle: string; privacyPolicyUrl: string };
export type SimVersion = { id: string; appId: string; platform: "IOS"; versionString: string; appVersionState: SimVersionState; createdDate: string };

/** The deprecated AppStoreVersionState Apple still sends beside appVersionState: the same word, except the two renamed ones. */
export function appStoreStateOf(s: SimVersionState): string {
  return s === "READY_FOR_DISTRIBUTION" ? "READY_FOR_SALE" : s === "PROCESSING_FOR_DISTRIBUTION" ? "PROCESSING_FOR_APP_STORE" : s;
}

/**
 * The state of the app info that travels with a version not yet live. Where Apple's two
 * enums differ, the stricter reading: states that keep a version from being edited keep
 * its app info from being edited too.
 */
export function appInfoStateFor(s: SimVersionState): SimAppInfoState {
  switch (s) {
    case "PREPARE_FOR_SUBMISSION":
    case "DEVELOPER_REJECTED":
    case "REJECTED":
    case "READY_FOR_REVIEW":
    case "WAITING_FOR_REVIEW":
    case "IN_REVIEW":
    case "ACCEPTED":
      return s;
    case "METADATA_REJECTED":
    case "INVALID_BINARY":
      return "REJECTED";
    case "WAITING_FOR_EXPORT_COMPLIANCE":
      return "READY_FOR_REVIEW";
    case "PENDING_DEVELOPER_RELEASE":
    case "PENDING_APPLE_RELEASE":
    case "PROCESSING_FOR_DISTRIBUTION":
      return "PENDING_RELEASE";
    case "READY_FOR_DISTRIBUTION":
      return "READY_FOR_DISTRIBUTION";
    case "REPLACED_WITH_NEW_VERSION":
      return "REPLACED_WITH_NEW_INFO";
  }
}

/** The deprecated appStoreState of an app info, in the AppStoreVersionState words. */
export function appInfoStoreStateOf(s: SimAppInfoState): string {
  return s === "READY_FOR_DISTRIBUTION" ? "READY_FOR_SALE" : s === "PENDING_RELEASE" ? "PENDING_DEVELOPER_RELEASE" : s === "REPLACED_WITH_NEW_INFO" ? "REPLACED_WITH_NEW_VERSION" : s;
}
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
  /** Screenshot and preview sets of version localizations, and their assets. */
  media: SimMedia;
  /** Analytics report requests and the keyword changes the generated traffic reacts to. */
  analytics: SimAnalytics;
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
  /** The live version (1.0) came out 200 days before `now`. */
  const liveSince = now - 200 * 86_400_000;
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
        versionId: "",
      };
      // Written after the live version came out: for it; before: for the version it replaced, which Apple no longer lists with the app.
      review.versionId = Date.parse(review.createdDate) >= liveSince ? `${app.id}-v1` : `${app.id}-v0`;
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
    // Every app has a live version; even ones also have an editable next version, odd ones one in review.
    const next: SimVersionState = i % 2 === 0 ? "PREPARE_FOR_SUBMISSION" : "WAITING_FOR_REVIEW";
    const info: SimAppInfo = { id: `${app.id}-info`, appId: app.id, state: "READY_FOR_DISTRIBUTION" };
    // The next version's app info: a copy of the live one that follows the version's state.
    const nextInfo: SimAppInfo = { id: `${app.id}-info2`, appId: app.id, state: appInfoStateFor(next) };
    appInfos.push(info, nextInfo);
    const vs: SimVersion[] = [
      { id: `${app.id}-v1`, appId: app.id, platform: "IOS", versionString: "1.0", appVersionState: "READY_FOR_DISTRIBUTION", createdDate: new Date(liveSince).toISOString() },
      { id: `${app.id}-v2`, appId: app.id, platform: "IOS", versionString: "1.1", appVersionState: next, createdDate: new Date(now - 5 * 86_400_000).toISOString() },
    ];
    versions.push(...vs);
    locales.forEach((locale, l) => {
      const live: SimInfoLoc = { id: `${app.id}-il${l}`, appInfoId: info.id, locale, name: `${app.name} ${locale}`.slice(0, 30), subtitle: sentence(3).slice(0, 30), privacyPolicyUrl: `https://example.com/${locale}/privacy` };
      infoLocs.push(live, { ...live, id: `${app.id}-info2-l${l}`, appInfoId: nextInfo.id });
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
  return { apps, appInfos, infoLocs, versions, versionLocs, reviews, reviewById, responses, nextId: 1, customReports: new Map(), media: seedMedia(versionLocs, locales[0]), analytics: emptyAnalytics() };
}

/** Apple publishes a reply some time after it is sent; here that happens by the next read. */
export function publishDue(state: SimState) {
  for (const r of state.responses.values()) if (r.state === "PENDING_PUBLISH") r.state = "PUBLISHED";
}
