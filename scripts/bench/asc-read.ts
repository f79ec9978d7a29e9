import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { ascClient } from "@/lib/asc/client";
import { accountReader } from "@/lib/asc/read";
import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { AscSimulator } from "../../tests/asc-sim/server";
import { machine, median, runBench, ownerContext } from "./support";

/**
 * Requests spent by a full read of a seeded account (every app, its metadata in every
 * locale, every review with its response) against the theoretical minimum: pages of 200
 * plus one request per resource that cannot be batched. Writes bench-results/asc-read.json.
 */
const SIZES = { apps: Number(process.env.BENCH_APPS ?? 10), reviewsPerApp: Number(process.env.BENCH_REVIEWS ?? 10_000), locales: 10 };
const RUNS = 3;

async function main() {
  const t0 = performance.now();
  const sim = await new AscSimulator({ seed: 42, sizes: SIZES, hourlyBudget: 1_000_000 }).listen();
  const seeded = performance.now() - t0;
  const owner = await makeUser();
  const org = await makeOrg(owner, "Read bench");
  const ctx = await ownerContext(owner, org.id);
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const c = await createConnection(ctx, { name: "Read bench", issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey });
  sim.registerKey({ issuerId: c.issuerId!, keyId: c.keyId, publicKey, role: "ADMIN" });
  const reader = accountReader(ascClient(await db.connection.findFirstOrThrow({ where: { id: c.id } }), { baseUrl: sim.url }));

  // One full read, counting what it got and the requests it spent.
  async function readAll() {
    const before = Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);
    const t1 = performance.now();
    let apps = 0, locales = 0, reviews = 0, responses = 0;
    const reviewCounts: number[] = [];
    for await (const page of reader.apps()) {
      for (const app of page) {
        apps++;
        const meta = await reader.metadata(app.id);
        locales += meta.appInfoLocalizations.length + meta.versionLocalizations.length;
        let n = 0;
        for await (const p of reader.reviews(app.id)) {
          n += p.reviews.length;
          responses += p.responses.length;
        }
        reviews += n;
        reviewCounts.push(n);
      }
    }
    const seconds = (performance.now() - t1) / 1000;
    const used = Object.values(sim.stats.requests).reduce((a, b) => a + b, 0) - before;
    const minimum = Math.ceil(apps / 200) + apps * 2 + reviewCounts.reduce((a, n) => a + Math.max(1, Math.ceil(n / 200)), 0);
    return { apps, locales, reviews, responses, seconds, used, minimum };
  }
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await readAll());
  const { apps, locales, reviews, responses, minimum } = runs[0];
  const used = Math.max(...runs.map((r) => r.used));
  const seconds = median(runs.map((r) => r.seconds));
  const out = {
    date: new Date().toISOString(),
    sizes: SIZES,
    read: { apps, localizations: locales, reviews, responses },
    machine: machine(),
    runs: RUNS,
    requestsUsedPerRun: runs.map((r) => r.used),
    secondsPerRun: runs.map((r) => Number(r.seconds.toFixed(1))),
    requestsUsed: used,
    theoreticalMinimum: minimum,
    minimumIs: "ceil(apps/200) + per app: 1 (app infos with localizations) + 1 (versions with localizations) + ceil(reviews/200) (reviews with responses)",
    ratio: Number((used / minimum).toFixed(3)),
    seconds: Number(seconds.toFixed(1)),
    reviewsPerSecond: Math.round(reviews / seconds),
    simulatorSeedSeconds: Number((seeded / 1000).toFixed(1)),
    rateLimited: sim.stats.rateLimited,
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/asc-read.json", JSON.stringify(out, null, 2) + "\n");
  process.stdout.write(`full read (median of ${RUNS}): ${reviews} reviews, ${responses} responses, ${locales} localizations of ${apps} apps in ${out.seconds} s; ${used} requests against a minimum of ${minimum} (ratio ${out.ratio}); wrote bench-results/asc-read.json\n`);
  await sim.close();
}

runBench(main);
