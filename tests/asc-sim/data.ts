/** Deterministic seed data of the simulated App Store Connect account. */

export type SimSizes = { apps: number; reviewsPerApp: number };
export type SimApp = { id: string; name: string; bundleId: string; sku: string; primaryLocale: string };
export type SimReview = { id: string; appId: string; rating: number; title: string; body: string; reviewerNickname: string; createdDate: string; territory: string };
export type SimResponse = { id: string; reviewId: string; responseBody: string; lastModifiedDate: string; state: "PENDING_PUBLISH" | "PUBLISHED" };

export type SimState = {
  apps: SimApp[];
  /** Per app, newest first, as Apple sorts by -createdDate. */
  reviews: Map<string, SimReview[]>;
  reviewById: Map<string, SimReview>;
  responses: Map<string, SimResponse>;
  nextId: number;
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
  return { apps, reviews, reviewById, responses: new Map(), nextId: 1 };
}
