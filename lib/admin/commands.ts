import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { ZEmail, ZNewPassword, ZOrgName, ZPersonName } from "@/lib/auth/schemas";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { AppError, conflict, isUniqueViolation, notFound } from "@/lib/errors";
import { ZRole } from "@/lib/members/schemas";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { ZCreateApiToken } from "@/lib/api-tokens/schemas";
import { checkCapabilities, describeReport } from "@/lib/connections/capabilities";
import { checkedConnection, storeCapabilities } from "@/lib/connections/test-connection";
import { createOrg } from "@/lib/orgs/mutations";
import { orgContext } from "@/lib/tenancy/context";

/** Operations for self-hosters without a browser. Same schemas and rules as the web app. */

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AppError("validation", i.message, { field: i.path.join(".") });
  }
  return r.data;
}

export const ZCreateUserCmd = z.object({ email: ZEmail, name: ZPersonName, password: ZNewPassword });

export async function createUser(input: unknown) {
  const { email, name, password } = parse(ZCreateUserCmd, input);
  try {
    return await db.user.create({ data: { email, name, passwordHash: await hashPassword(password) }, select: { id: true, email: true, name: true } });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A user with email ${email} already exists.`, "email");
    throw e;
  }
}

async function userByEmail(email: string) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) throw new AppError("not_found", `No user with email ${email}. Create it first with create-user.`, { field: "email" });
  return user;
}

export const ZCreateOrgCmd = z.object({ name: ZOrgName, owner: ZEmail });

export async function createOrganization(input: unknown) {
  const { name, owner } = parse(ZCreateOrgCmd, input);
  return createOrg(name, await userByEmail(owner));
}

export const ZAddMemberCmd = z.object({ org: z.string().min(1, "Give the organisation's slug or id."), email: ZEmail, role: ZRole });

export async function addMember(input: unknown) {
  const { org, email, role } = parse(ZAddMemberCmd, input);
  const organization = await db.organization.findFirst({ where: { OR: [{ slug: org }, { id: org }] }, select: { id: true, slug: true } });
  if (!organization) throw notFound(`Organisation ${org}`);
  const user = await userByEmail(email);
  return db.$transaction(async (tx) => {
    try {
      const m = await tx.membership.create({ data: { organizationId: organization.id, userId: user.id, role, restrictConnections: role === "CLIENT_APPROVER" }, select: { id: true, role: true } });
      await recordAudit(
        { organizationId: organization.id, action: "member.joined", actor: null, actorEmail: "admin-cli", target: { type: "member", id: m.id, label: user.email }, metadata: { role, via: "cli" } },
        tx,
      );
      return { organization: organization.slug, email: user.email, role: m.role };
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`${email} is already a member of ${organization.slug}.`, "email");
      throw e;
    }
  });
}

export async function listOrganizations() {
  const orgs = await db.organization.findMany({
    select: { id: true, name: true, slug: true, createdAt: true, _count: { select: { memberships: true } } },
    orderBy: { createdAt: "asc" },
  });
  return orgs.map((o) => ({ id: o.id, slug: o.slug, name: o.name, members: o._count.memberships, createdAt: o.createdAt.toISOString() }));
}

export const ZCreateApiTokenCmd = ZCreateApiToken.extend({ org: z.string().min(1, "Give the organisation's slug or id.") });

/** Creates an organisation API token and returns its secret, which is shown only this once. */
export async function createOrgApiToken(input: unknown) {
  const { org, ...token } = parse(ZCreateApiTokenCmd, input);
  const organization = await db.organization.findFirst({ where: { OR: [{ slug: org }, { id: org }] }, select: { id: true, name: true, slug: true } });
  if (!organization) throw notFound(`Organisation ${org}`);
  return createApiToken(
    orgContext({ operator: { name: "admin CLI" }, org: organization }, { ip: "local", userAgent: "admin-cli" }),
    token,
  );
}

export const ZDoctorCmd = z.object({ connection: z.string({ message: "Give the connection's id (--connection <id>)." }).min(1, "Give the connection's id (--connection <id>).").max(64) });

/**
 * The capability check of one connection, as "Test connection" runs it: what the key can
 * do (apps, metadata, reviews, sales) and whether this server's clock agrees with Apple's.
 * The result is stored like a test from the web app. Returns the report's lines and whether
 * the key itself works.
 */
export async function doctor(input: unknown) {
  const { connection } = parse(ZDoctorCmd, input);
  const c = await db.connection.findFirst({ where: { id: connection }, select: { id: true, organizationId: true } });
  if (!c) throw notFound("Connection");
  const conn = await checkedConnection(c.organizationId, c.id);
  const report = await checkCapabilities(conn);
  const result = await storeCapabilities(conn, report, null);
  return { ok: result.ok, message: result.message, lines: describeReport(conn.name, report) };
}
