import { mkdirSync, writeFileSync } from "node:fs";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { APPS, REVIEWS, seedInbox } from "./inbox-seed";
import { machine, median, pct, runBench, waitForServer } from "./support";

/**
 * The reviews inbox with one million reviews in one organisation (two connections, ten
 * apps, three years): the first page and a deep keyset page of each main filter, and the
 * per-filter counts, through /api/v1/reviews on the built server. Writes
 * bench-results/reviews-inbox.json.
 */
const RUNS = 25;

async function timed(url: string, token: string) {
  const t = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { reviews?: unknown[]; nextCursor?: string | null; counts?: { total: number } };
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t, body };
}

/** The keyset point half-way down a filter's list: a real row's (createdDate, id), as the API's cursor encodes it. */
async function deepCursor(orgId: string, where: string, params: unknown[], matching: number) {
  if (matching < 50) return null;
  const [row] = await db.$queryRawUnsafe<{ createdDate: Date; id: string }[]>(
    `SELECT "createdDate", id FROM "SyncedReview" r WHERE r."organizationId" = $1 ${where} ORDER BY "createdDate" DESC, id DESC OFFSET ${Math.floor(matching / 2)} LIMIT 1`,
    orgId,
    ...params,
  );
  return Buffer.from(`${row.createdDate.toISOString()}|${row.id}`).toString("base64url");
}

async function measure(url: string, token: string) {
  await timed(url, token);
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(url, token);
    ms.push(r.ms);
    rows = r.body.reviews?.length ?? r.body.counts?.total ?? 0;
  }
  return { p50: Number(median(ms).toFixed(1)), p95: Number(pct(ms, 95).toFixed(1)), rows };
}

async function main() {
  const base = env.NEXTAUTH_URL;
  await waitForServer(`${base}/api/health`);
  const s = await seedInbox();
  const app = s.apps[3].id;
  const filters: { name: string; query: string; where: string; params: unknown[] }[] = [
    { name: "all reviews", query: "", where: "", params: [] },
    { name: "unreplied", query: "replied=no", where: `AND "responseAppleId" IS NULL`, params: [] },
    { name: "one app", query: `app=${app}`, where: `AND "appId" = $2`, params: [app] },
    { name: "one app, 1★, unreplied", query: `app=${app}&rating=1&replied=no`, where: `AND "appId" = $2 AND rating = 1 AND "responseAppleId" IS NULL`, params: [app] },
    { name: "1★ and 2★", query: "rating=1,2", where: "AND rating IN (1, 2)", params: [] },
    { name: "territory DEU", query: "territory=DEU", where: `AND territory = 'DEU'`, params: [] },
    { name: "assigned to one member", query: `assigned=${s.owner.id}`, where: `AND "assignedToId" = $2`, params: [s.owner.id] },
    { name: "text: refund", query: "q=refund", where: `AND (title ILIKE '%refund%' OR body ILIKE '%refund%')`, params: [] },
    { name: "text: review number 4242", query: "q=number%204242", where: `AND (body ILIKE '%number%' AND body ILIKE '%4242%')`, params: [] },
    { name: "one month", query: "from=2025-01-01&to=2025-01-31", where: `AND "createdDate" >= '2025-01-01' AND "createdDate" < '2025-02-01'`, params: [] },
  ];
  const results = [];
  for (const f of filters) {
    const url = `${base}/api/v1/reviews?limit=25${f.query ? `&${f.query}` : ""}`;
    const first = await measure(url, s.token);
    const counts = await measure(`${base}/api/v1/reviews/counts${f.query ? `?${f.query}` : ""}`, s.token);
    const cursor = await deepCursor(s.org.id, f.where, f.params, counts.rows);
    const deep = cursor ? await measure(`${url}&cursor=${cursor}`, s.token) : null;
    results.push({ filter: f.name, query: f.query, firstPageMs: first, deepPageMs: deep, countsMs: counts });
    process.stdout.write(
      `  ${f.name}: first page p50 ${first.p50} ms p95 ${first.p95} ms (${first.rows} rows); deep page ${deep ? `p50 ${deep.p50} ms p95 ${deep.p95} ms (${deep.rows} rows)` : "n/a"}; counts p50 ${counts.p50} ms p95 ${counts.p95} ms (${counts.rows} matching)\n`,
    );
  }
  const out = {
    date: new Date().toISOString(),
    machine: machine(),
    setup: {
      reviews: REVIEWS,
      apps: APPS,
      connections: 2,
      runsPerFigure: RUNS,
      pageSize: 25,
      route: "GET /api/v1/reviews (API token, SUPPORT role) on next standalone, NODE_ENV=production",
      deepPage: "the cursor of the row half-way down the filter's matches (500,000 rows down with no filter)",
      loadMs: s.loadMs,
      indexBuildMs: s.indexMs,
    },
    results,
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/reviews-inbox.json", JSON.stringify(out, null, 2) + "\n");
  process.stdout.write("wrote bench-results/reviews-inbox.json\n");
}

runBench(main);
