import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { ownerContext } from "./support";

/** One organisation with `REVIEWS` reviews over two connections, ten apps and three years, for the inbox benchmark. */
export const REVIEWS = Number(process.env.BENCH_INBOX_REVIEWS ?? 1_000_000);
export const APPS = 10;
const TERRITORIES = ["USA", "GBR", "DEU", "FRA", "JPN", "CAN", "AUS", "BRA", "ITA", "ESP", "NLD", "SWE", "KOR", "MEX", "IND", "CHN", "POL", "TUR", "CHE", "NOR"];
const WORDS = ["great", "app", "love", "crash", "slow", "update", "battery", "sync", "photos", "login", "broken", "works", "perfect", "subscription", "refund", "dark", "mode", "widget", "keyboard", "offline"];

export async function seedInbox() {
  const owner = await makeUser();
  const org = await makeOrg(owner, "Inbox bench");
  const ctx = await ownerContext(owner, org.id);
  const key = () => generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const conns = [];
  for (const name of ["Client A", "Client B"]) conns.push(await createConnection(ctx, { name, issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey: key() }));
  const apps = [];
  for (let i = 0; i < APPS; i++) {
    apps.push(await db.syncedApp.create({ data: { organizationId: org.id, connectionId: conns[i % 2].id, appleId: `bench-app-${i}`, name: `Bench app ${i}`, bundleId: `com.bench.app${i}`, sku: `BENCH${i}`, primaryLocale: "en-US" } }));
  }

  // A bulk load builds indexes once at the end, as a restore would; the queries then run on the schema's own indexes.
  const indexes = await db.$queryRawUnsafe<{ indexname: string; indexdef: string }[]>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'SyncedReview' AND indexname NOT LIKE '%pkey' AND indexdef NOT LIKE '%UNIQUE%'`,
  );
  for (const i of indexes) await db.$executeRawUnsafe(`DROP INDEX "${i.indexname}"`);
  const started = Date.now();
  let loadMs = 0;
  let indexMs = 0;
  try {
    const words = `ARRAY[${WORDS.map((w) => `'${w}'`).join(",")}]`;
    const w = (k: number) => `(${words})[1 + ((i * ${k} + (i / ${k + 3})) % ${WORDS.length})]`;
    await db.$executeRawUnsafe(`
      INSERT INTO "SyncedReview" (id, "organizationId", "connectionId", "appId", "appleId", rating, title, body, "reviewerNickname", territory, "createdDate",
                                  "responseAppleId", "responseBody", "responseState", "assignedToId", "syncedAt")
      SELECT 'rv' || i, $1, (ARRAY[$2, $3])[1 + (i % ${APPS}) % 2], ($4::text[])[1 + i % ${APPS}], 'apple-' || i,
             -- 1★ 15%, 2★ 7%, 3★ 10%, 4★ 20%, 5★ 48%
             CASE WHEN i % 100 < 15 THEN 1 WHEN i % 100 < 22 THEN 2 WHEN i % 100 < 32 THEN 3 WHEN i % 100 < 52 THEN 4 ELSE 5 END,
             initcap(${w(7)}) || ' ' || ${w(11)},
             ${w(3)} || ' ' || ${w(5)} || ' ' || ${w(13)} || ' ' || ${w(17)} || ' after the last ' || ${w(19)} || ' review number ' || i,
             'user' || (i % 50000), ($5::text[])[1 + (i * 7) % ${TERRITORIES.length}],
             now() - (i * interval '95 seconds'),
             CASE WHEN i % 10 < 3 THEN 'resp' || i END, CASE WHEN i % 10 < 3 THEN 'Thanks for the review!' END, CASE WHEN i % 10 < 3 THEN 'PUBLISHED' END,
             CASE WHEN i % 50 = 0 THEN $6 END, now()
      FROM generate_series(1, ${REVIEWS}) AS i`,
      org.id, conns[0].id, conns[1].id, apps.map((a) => a.id), TERRITORIES, owner.id,
    );
    loadMs = Date.now() - started;
  } finally {
    const t = Date.now();
    for (const i of indexes) await db.$executeRawUnsafe(i.indexdef.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"));
    indexMs = Date.now() - t;
  }
  await db.$executeRawUnsafe(`ANALYZE "SyncedReview"`);
  process.stdout.write(`reviews inbox: loaded ${REVIEWS} reviews in ${loadMs} ms, built ${indexes.length} indexes in ${indexMs} ms\n`);
  const token = await createApiToken(ctx, { name: "bench", role: "SUPPORT" });
  return { org, owner, apps, token: token.token, loadMs, indexMs };
}

