import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { createOrg } from "@/lib/orgs/mutations";

/** Builders shared by the demo seed, integration tests and end-to-end fixtures. */

export const DEFAULT_PASSWORD = "correct horse battery staple";

let counter = 0;
export function uniqueEmail(prefix = "user") {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${randomBytes(3).toString("hex")}@example.test`;
}

export async function makeUser(opts: { email?: string; name?: string; password?: string } = {}) {
  const email = (opts.email ?? uniqueEmail()).toLowerCase();
  return db.user.create({
    data: { email, name: opts.name ?? email.split("@")[0], passwordHash: await hashPassword(opts.password ?? DEFAULT_PASSWORD) },
    select: { id: true, email: true, name: true },
  });
}

export async function makeOrg(owner: { id: string; email: string }, name = `Org ${randomBytes(2).toString("hex")}`) {
  return createOrg(name, owner);
}

export async function addMembership(organizationId: string, userId: string, role: Role) {
  return db.membership.create({ data: { organizationId, userId, role, restrictConnections: role === "CLIENT_APPROVER" }, select: { id: true, role: true } });
}

/** An organisation with an owner and one member of each other role. */
export async function makeOrgWithRoles(label: string) {
  const owner = await makeUser({ email: uniqueEmail(`${label}-owner`) });
  const org = await makeOrg(owner, `${label} ${randomBytes(2).toString("hex")}`);
  const members: Record<Role, { id: string; email: string; name: string; membershipId: string }> = {
    OWNER: { ...owner, membershipId: (await db.membership.findFirstOrThrow({ where: { organizationId: org.id, userId: owner.id } })).id },
  } as never;
  for (const role of ["ADMIN", "EDITOR", "SUPPORT", "VIEWER"] as const) {
    const u = await makeUser({ email: uniqueEmail(`${label}-${role.toLowerCase()}`) });
    const m = await addMembership(org.id, u.id, role);
    members[role] = { ...u, membershipId: m.id };
  }
  return { org, members };
}
