import { createPublicKey, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { createConnection } from "@/lib/connections/mutations";
import { testConnection } from "@/lib/connections/test-connection";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { orgContext, type OrgContext } from "@/lib/tenancy/context";
import { withConnectionKey } from "@/lib/vault/store";
import { VaultIntegrityError } from "@/lib/vault/envelope";
import { pgPoolConfig } from "@/lib/db/pool-config";
import { loadEnv } from "@/lib/env";
import { requestSync } from "@/lib/sync/requests";
import { closeQueues } from "@/lib/jobs/queues";
import { assertEnvOrExit } from "@/lib/startup";
import { createInvitation } from "@/lib/invitations/mutations";
import { addMembership, makeOrg, makeUser } from "@/lib/seed/factories";
import { createTemplate } from "@/lib/reviews/templates";

/** Demo organisation and people. Idempotent; refuses to touch a production database. */
const DEMO = {
  owner: { email: "demo@example.com", name: "Dana Demo", password: "demo password 2026" },
  members: [
    { email: "aso@example.com", name: "Alex ASO", role: "EDITOR" as const },
    { email: "support@example.com", name: "Sam Support", role: "SUPPORT" as const },
    { email: "viewer@example.com", name: "Vic Viewer", role: "VIEWER" as const },
  ],
  orgs: ["Demo Agency", "Demo Client Studio"],
  /** Who the demo connection's weekly client report is addressed to. */
  clientReportTo: "client@example.com",
  templates: [
    { name: "Thanks", body: "Thank you, {nickname}! We're glad {app} works for you." },
    { name: "Sorry, we're on it", body: "Hi {nickname}, we're sorry {app} let you down. We're working on a fix; please write to support@example.com so we can help sooner." },
    { name: "Fixed in the latest update", body: "Hi {nickname}, thanks for reporting this. The latest update of {app} fixes it; please update and let us know." },
  ],
};

async function main() {
  const env = assertEnvOrExit("seed");
  if (env.NODE_ENV === "production") {
    process.stderr.write("seed: refusing to seed demo data with NODE_ENV=production\n");
    process.exit(1);
  }
  const existing = await db.user.findUnique({ where: { email: DEMO.owner.email }, select: { id: true } });
  if (existing) {
    await connectToSimulator(env.ASC_API_BASE_URL);
    process.stdout.write(`demo data present; sign in as ${DEMO.owner.email} / ${DEMO.owner.password}\n`);
    return;
  }
  const owner = await makeUser(DEMO.owner);
  const [agency] = await Promise.all(DEMO.orgs.map((name) => makeOrg(owner, name)));
  for (const m of DEMO.members) {
    const u = await makeUser({ email: m.email, name: m.name, password: DEMO.owner.password });
    await addMembership(agency.id, u.id, m.role);
  }
  await createInvitation(await ownerContext({ email: owner.email, orgId: agency.id }), { role: "EDITOR", email: "new.hire@example.com" });
  for (const t of DEMO.templates) await createTemplate(await demoContext(), t);
  await connectToSimulator(env.ASC_API_BASE_URL);
  process.stdout.write(
    `seeded "${DEMO.orgs.join('" and "')}"; sign in as ${DEMO.owner.email} / ${DEMO.owner.password}` +
      ` (also ${DEMO.members.map((m) => m.email).join(", ")} with the same password)\n`,
  );
}

const DEMO_CONNECTION = { name: "Demo team (simulator)", issuerId: "69a6de70-03db-47e3-e053-5b8c7c11a4d1", keyId: "DEMO000001", vendorNumber: "80012345" };

const demoContext = () => ownerContext({ email: DEMO.owner.email, orgName: DEMO.orgs[0] });

/** The demo owner's context in one of the demo organisations. */
async function ownerContext(where: { email: string } & ({ orgId: string } | { orgName: string })): Promise<OrgContext> {
  const m = await db.membership.findFirstOrThrow({
    where: { user: { email: where.email }, organization: "orgId" in where ? { id: where.orgId } : { name: where.orgName } },
    select: { id: true, role: true, restrictConnections: true, organization: { select: { id: true, name: true, slug: true } }, user: { select: { id: true, email: true, name: true } } },
  });
  return orgContext({ user: { ...m.user, sessionId: "seed" }, membership: m }, { ip: "127.0.0.1", userAgent: "demo" });
}

/**
 * The demo organisation's connection, with its key registered at the local simulator
 * (which forgets keys when it restarts, so this runs at every start), then tested.
 */
async function connectToSimulator(baseUrl: string) {
  const ctx = await demoContext();
  let conn = await db.connection.findFirst({ where: { organizationId: ctx.orgId, keyId: DEMO_CONNECTION.keyId }, select: { id: true } });
  if (!conn) {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    conn = await createConnection(ctx, { name: DEMO_CONNECTION.name, issuerId: DEMO_CONNECTION.issuerId, keyId: DEMO_CONNECTION.keyId, privateKey });
    await db.connection.update({ where: { id: conn.id }, data: { vendorNumber: DEMO_CONNECTION.vendorNumber } });
  }
  const publicKey = await withConnectionKey({ organizationId: ctx.orgId, connectionId: conn.id }, (der) =>
    createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" })).export({ type: "spki", format: "pem" }).toString(),
  ).catch((e) => {
    if (!(e instanceof VaultIntegrityError)) throw e;
    // Another checkout, or a new .env: the demo data was sealed with a vault key this .env does not have.
    const name = pgPoolConfig(loadEnv().DATABASE_URL).database;
    throw new Error(
      `the demo database "${name}" holds demo data sealed with a different vault key than VAULT_KEKS in this .env ` +
        `(it was seeded by another checkout, or before .env was written again). Either put back the .env that seeded it, ` +
        `or start over with: npm run demo -- --reset (drops the database "${name}" and seeds it again).`,
    );
  });
  const res = await fetch(new URL("/__sim/keys", baseUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ issuerId: DEMO_CONNECTION.issuerId, keyId: DEMO_CONNECTION.keyId, publicKey, role: "ADMIN" }),
  });
  if (!res.ok) throw new Error(`the simulator at ${baseUrl} did not take the demo key (${res.status})`);
  // A weekly client report of the demo connection, to preview (Client reports) and send.
  await db.clientReport.upsert({
    where: { connectionId_cadence: { connectionId: conn.id, cadence: "WEEKLY" } },
    create: { organizationId: ctx.orgId, connectionId: conn.id, cadence: "WEEKLY", recipients: [DEMO.clientReportTo] },
    update: {},
  });
  const result = await testConnection(ctx, conn.id);
  process.stdout.write(`demo connection "${DEMO_CONNECTION.name}": ${result.message}\n`);
  // The worker takes it from here: a full sync and the last 30 days of sales, then the schedules.
  const full = await requestSync(ctx, conn.id, { kind: "FULL" });
  const sales = await requestSync(ctx, conn.id, { kind: "SALES" });
  // Analytics: the report requests are made (the simulator forgets them when it restarts) and what Apple holds is read.
  const analytics = await requestSync(ctx, conn.id, { kind: "ANALYTICS" });
  process.stdout.write(`queued a full sync (run ${full.runId}), 30 days of sales (run ${sales.runId}) and analytics (run ${analytics.runId}); the worker runs them\n`);
}

main()
  .catch((e) => {
    process.stderr.write(`seed failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closeQueues();
    await getDb().$disconnect();
    getRedis().disconnect();
  });
