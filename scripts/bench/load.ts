import { createPublicKey, createPrivateKey, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { addMembership, makeOrg, makeUser } from "@/lib/seed/factories";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncMetadata } from "@/lib/sync/metadata";
import { syncReviews } from "@/lib/sync/reviews";
import { machine, median, pct, runBench, waitForServer, ownerContext } from "./support";

/**
 * Many signed-in people using the built web app at once: each browses the reviews inbox
 * (page and API, with filters and a second page), opens an app's metadata editor (page and
 * grid API), and now and then replies to a review through App Store Connect (the
 * simulator) and deletes the reply again. Error rate and latency percentiles per kind of
 * request go to bench-results/load.json.
 */
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 24);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const PASSWORD = "load test password 2026";

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
function keep(jar: Jar, res: Response) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}

async function signIn(base: string, email: string) {
  const jar: Jar = new Map();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }),
  });
  keep(jar, res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in of ${email} failed (${res.status})`);
  return jar;
}

async function seed(base: string) {
  const simUrl = env.ASC_API_BASE_URL;
  const owner = await makeUser({ password: PASSWORD });
  const org = await makeOrg(owner, "Load test");
  const ctx = await ownerContext(owner, org.id, "load");
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const c = await createConnection(ctx, { name: "Load test team", issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey });
  const publicKey = createPublicKey(createPrivateKey(privateKey)).export({ type: "spki", format: "pem" }).toString();
  const reg = await fetch(`${simUrl}/__sim/teams`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ issuerId: c.issuerId, seed: 3, sizes: { apps: 3, reviewsPerApp: 400, locales: 10 } }) });
  if (!reg.ok) throw new Error(`the simulator at ${simUrl} did not add the team`);
  await fetch(`${simUrl}/__sim/keys`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ issuerId: c.issuerId, keyId: c.keyId, publicKey, role: "ADMIN" }) });
  const t = await syncTarget(org.id, c.id);
  const { apps } = await syncApps(t);
  for (const a of apps) {
    await syncMetadata(t, a.id);
    await syncReviews(t, a.id);
  }
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const u = await makeUser({ password: PASSWORD });
    await addMembership(org.id, u.id, i % 2 ? "SUPPORT" : "EDITOR");
    users.push(u);
  }
  // Each person answers reviews of their own, so two never reply to the same one.
  const open = await db.syncedReview.findMany({ where: { connectionId: c.id, responseAppleId: null }, select: { id: true }, orderBy: { createdDate: "desc" } });
  const editorApp = apps[0].id;
  return { org, users, apps, editorApp, reviewsFor: (i: number) => open.filter((_, k) => k % USERS === i).map((r) => r.id), base };
}

type Sample = { kind: string; ms: number; ok: boolean; status: number };

async function person(s: Awaited<ReturnType<typeof seed>>, i: number, until: number, samples: Sample[]) {
  const jar = await signIn(s.base, s.users[i].email);
  const headers = { cookie: cookieHeader(jar) };
  const json = { ...headers, "content-type": "application/json", origin: s.base };
  const mine = s.reviewsFor(i);
  const call = async (kind: string, path: string, init: RequestInit = {}, expect = [200]) => {
    const t = performance.now();
    const res = await fetch(`${s.base}${path}`, { ...init, headers: { ...headers, ...(init.headers as object) }, redirect: "manual" });
    const body = await res.text();
    samples.push({ kind, ms: performance.now() - t, ok: expect.includes(res.status), status: res.status });
    return { res, body };
  };
  let round = 0;
  while (Date.now() < until) {
    round++;
    await call("inbox page", `/o/${s.org.slug}/reviews?replied=no`);
    const page = await call("inbox API", `/api/orgs/${s.org.id}/reviews?rating=1,2&limit=25`);
    const next = (JSON.parse(page.body) as { nextCursor: string | null }).nextCursor;
    if (next) await call("inbox API, next page", `/api/orgs/${s.org.id}/reviews?rating=1,2&limit=25&cursor=${next}`);
    await call("inbox counts", `/api/orgs/${s.org.id}/reviews/counts?app=${s.apps[round % s.apps.length].id}`);
    if (i % 2 === 0) {
      await call("metadata page", `/o/${s.org.slug}/apps/${s.editorApp}`);
      await call("metadata grid API", `/api/orgs/${s.org.id}/apps/${s.editorApp}/metadata`);
    }
    const review = mine[round % Math.max(1, mine.length)];
    if (review && round % 3 === 0) {
      await call("reply", `/api/orgs/${s.org.id}/reviews/${review}/response`, { method: "POST", headers: json, body: JSON.stringify({ body: `Thanks for the review (${i}.${round})` }) }, [201]);
      await call("delete reply", `/api/orgs/${s.org.id}/reviews/${review}/response`, { method: "DELETE", headers: json }, [200]);
    }
  }
}

async function main() {
  const base = env.NEXTAUTH_URL;
  await waitForServer(`${base}/api/health`);
  const s = await seed(base);
  const samples: Sample[] = [];
  const started = Date.now();
  await Promise.all(s.users.map((_, i) => person(s, i, started + SECONDS * 1000, samples)));
  const wall = (Date.now() - started) / 1000;
  const kinds = [...new Set(samples.map((x) => x.kind))];
  const per = Object.fromEntries(
    kinds.map((k) => {
      const xs = samples.filter((x) => x.kind === k);
      const ms = xs.map((x) => x.ms);
      const bad = xs.filter((x) => !x.ok);
      return [k, { requests: xs.length, errors: bad.length, errorStatuses: [...new Set(bad.map((b) => b.status))], p50: +median(ms).toFixed(1), p95: +pct(ms, 95).toFixed(1), p99: +pct(ms, 99).toFixed(1) }];
    }),
  );
  const all = samples.map((x) => x.ms);
  const errors = samples.filter((x) => !x.ok).length;
  const out = {
    date: new Date().toISOString(),
    machine: machine(),
    setup: { users: USERS, seconds: SECONDS, runs: 1, data: "3 apps, 1,200 reviews, 10 locales; replies go to the simulator", server: "next standalone, NODE_ENV=production, on the same machine as the load" },
    total: { requests: samples.length, requestsPerSecond: Math.round(samples.length / wall), errors, errorRate: +(errors / Math.max(1, samples.length)).toFixed(4), p50: +median(all).toFixed(1), p95: +pct(all, 95).toFixed(1), p99: +pct(all, 99).toFixed(1) },
    byKind: per,
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/load.json", JSON.stringify(out, null, 2) + "\n");
  process.stdout.write(`load: ${USERS} people for ${SECONDS} s: ${out.total.requests} requests (${out.total.requestsPerSecond}/s), error rate ${out.total.errorRate}, p50 ${out.total.p50} ms, p95 ${out.total.p95} ms, p99 ${out.total.p99} ms\n`);
  for (const [k, v] of Object.entries(per)) process.stdout.write(`  ${k}: ${v.requests} requests, ${v.errors} errors, p50 ${v.p50} ms, p95 ${v.p95} ms\n`);
  process.stdout.write("wrote bench-results/load.json\n");
}

runBench(main);
