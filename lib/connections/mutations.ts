import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { unscheduleConnection } from "@/lib/jobs/connection-schedules";
import { conflict, invalid, isUniqueViolation, notFound } from "@/lib/errors";
import { forgetTokens } from "@/lib/asc/token";
import type { OrgContext } from "@/lib/tenancy/context";
import { destroyConnectionKey, storeConnectionKey } from "@/lib/vault/store";
import { KeyProblem, parseAscPrivateKey } from "./private-key";
import { visibleConnectionsWhere } from "./queries";
import type { TCreateConnection, TUpdateConnection } from "./schemas";

/** Validates the key text against the Key ID and the file name, naming the field at fault. */
function checkKey(input: { keyId: string; privateKey: string; fileName?: string }) {
  const m = input.fileName ? /^AuthKey_([A-Za-z0-9]+)\.p8$/.exec(input.fileName) : null;
  if (m && m[1] !== input.keyId) {
    throw invalid("keyId", `The file is AuthKey_${m[1]}.p8, so its Key ID is ${m[1]}, not ${input.keyId}.`);
  }
  try {
    return parseAscPrivateKey(input.privateKey);
  } catch (e) {
    if (e instanceof KeyProblem) throw invalid("privateKey", e.message);
    throw e;
  }
}

const dupKey = (keyId: string) => conflict(`A connection with Key ID ${keyId} already exists in this organisation.`, "keyId");

/** Validates, then stores the connection and its sealed key in one transaction: all or nothing. */
export async function createConnection(ctx: OrgContext, input: TCreateConnection) {
  const parsed = checkKey(input);
  try {
    return await db.$transaction(async (tx) => {
      const c = await tx.connection.create({
        data: {
          organizationId: ctx.orgId,
          name: input.name,
          issuerId: input.issuerId,
          keyId: input.keyId,
          fingerprint: parsed.fingerprint,
          createdById: ctx.principal?.kind === "apiToken" ? null : ctx.user.id,
        },
        select: { id: true, name: true, keyId: true, issuerId: true, fingerprint: true, status: true, createdAt: true },
      });
      await storeConnectionKey(tx, { organizationId: ctx.orgId, connectionId: c.id }, parsed.der);
      await recordAudit(
        { organizationId: ctx.orgId, action: "connection.created", actor: ctx.user, target: { type: "connection", id: c.id, label: c.name }, metadata: { keyId: c.keyId, fingerprint: c.fingerprint }, client: ctx.client },
        tx,
      );
      return c;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw dupKey(input.keyId);
    throw e;
  } finally {
    parsed.der.fill(0);
  }
}

/** Renames, changes the Issuer ID, or replaces the key (which resets the status to untested). */
export async function updateConnection(ctx: OrgContext, id: string, input: TUpdateConnection) {
  // Visible connections only: a member or token limited to some connections cannot touch others.
  const current = await db.connection.findFirst({ where: { AND: [await visibleConnectionsWhere(ctx), { id }] }, select: { id: true, name: true, keyId: true } });
  if (!current) throw notFound("Connection");
  const parsed = input.privateKey !== undefined ? checkKey({ keyId: input.keyId!, privateKey: input.privateKey, fileName: input.fileName }) : null;
  try {
    const updated = await db.$transaction(async (tx) => {
      const c = await tx.connection.update({
        where: { id: current.id },
        data: {
          name: input.name,
          issuerId: input.issuerId,
          ...(parsed ? { keyId: input.keyId, fingerprint: parsed.fingerprint } : {}),
          // A new key or issuer has not been tested yet.
          ...(parsed || input.issuerId !== undefined ? { status: "UNTESTED", statusReason: null, testedAt: null } : {}),
        },
        select: { id: true, name: true, keyId: true, issuerId: true, fingerprint: true, status: true },
      });
      if (parsed) await storeConnectionKey(tx, { organizationId: ctx.orgId, connectionId: c.id }, parsed.der);
      const target = { type: "connection", id: c.id, label: c.name };
      if (input.name !== undefined && input.name !== current.name) {
        await recordAudit({ organizationId: ctx.orgId, action: "connection.renamed", actor: ctx.user, target, metadata: { from: current.name, to: c.name }, client: ctx.client }, tx);
      }
      if (parsed || input.issuerId !== undefined) {
        await recordAudit({ organizationId: ctx.orgId, action: "connection.key_replaced", actor: ctx.user, target, metadata: { keyId: c.keyId, fingerprint: c.fingerprint }, client: ctx.client }, tx);
      }
      return c;
    });
    forgetTokens(id);
    return updated;
  } catch (e) {
    if (isUniqueViolation(e)) throw dupKey(input.keyId ?? current.keyId);
    throw e;
  } finally {
    parsed?.der.fill(0);
  }
}

/** Deletes the connection; its wrapped data key is overwritten first, then removed with it. */
export async function deleteConnection(ctx: OrgContext, id: string) {
  const visible = await visibleConnectionsWhere(ctx);
  await db.$transaction(async (tx) => {
    const c = await tx.connection.findFirst({ where: { AND: [visible, { id }] }, select: { id: true, name: true, keyId: true } });
    if (!c) throw notFound("Connection");
    await destroyConnectionKey(tx, { organizationId: ctx.orgId, connectionId: c.id });
    await tx.connectionGrant.deleteMany({ where: { organizationId: ctx.orgId, connectionId: c.id } });
    await tx.connection.delete({ where: { id: c.id } });
    await recordAudit({ organizationId: ctx.orgId, action: "connection.deleted", actor: ctx.user, target: { type: "connection", id: c.id, label: c.name }, metadata: { keyId: c.keyId }, client: ctx.client }, tx);
  });
  forgetTokens(id);
  await unscheduleConnection(id);
}

