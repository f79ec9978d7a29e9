import { db, getDb } from "@/lib/db/client";
import { assertEnvOrExit } from "@/lib/startup";
import { createInvitation } from "@/lib/invitations/mutations";
import { addMembership, makeOrg, makeUser } from "@/lib/seed/factories";

/** Demo organisation and people. Idempotent; refuses to touch a production database. */
const DEMO = {
  owner: { email: "demo@example.com", name: "Dana Demo", password: "demo password 2026" },
  members: [
    { email: "aso@example.com", name: "Alex ASO", role: "EDITOR" as const },
    { email: "support@example.com", name: "Sam Support", role: "SUPPORT" as const },
    { email: "viewer@example.com", name: "Vic Viewer", role: "VIEWER" as const },
  ],
  orgs: ["Demo Agency", "Demo Client Studio"],
};

async function main() {
  const env = assertEnvOrExit("seed");
  if (env.NODE_ENV === "production") {
    process.stderr.write("seed: refusing to seed demo data with NODE_ENV=production\n");
    process.exit(1);
  }
  const existing = await db.user.findUnique({ where: { email: DEMO.owner.email }, select: { id: true } });
  if (existing) {
    process.stdout.write(`demo data present; sign in as ${DEMO.owner.email} / ${DEMO.owner.password}\n`);
    return;
  }
  const owner = await makeUser(DEMO.owner);
  const [agency] = await Promise.all(DEMO.orgs.map((name) => makeOrg(owner, name)));
  for (const m of DEMO.members) {
    const u = await makeUser({ email: m.email, name: m.name, password: DEMO.owner.password });
    await addMembership(agency.id, u.id, m.role);
  }
  const membership = await db.membership.findFirstOrThrow({ where: { organizationId: agency.id, userId: owner.id } });
  await createInvitation(
    {
      orgId: agency.id,
      org: agency,
      user: { ...owner, sessionId: "seed" },
      membership: { id: membership.id, role: "OWNER", restrictConnections: false },
      client: { ip: "127.0.0.1", userAgent: "seed" },
    },
    { role: "EDITOR", email: "new.hire@example.com" },
  );
  process.stdout.write(
    `seeded "${DEMO.orgs.join('" and "')}"; sign in as ${DEMO.owner.email} / ${DEMO.owner.password}` +
      ` (also ${DEMO.members.map((m) => m.email).join(", ")} with the same password)\n`,
  );
}

main()
  .catch((e) => {
    process.stderr.write(`seed failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(() => getDb().$disconnect());
