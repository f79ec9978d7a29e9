import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { unscheduleConnection } from "@/lib/jobs/connection-schedules";
import { conflict, invalid, isUniqueViolation, notFound } from "@/lib/errors";
import { forgetTokens } from "@/lib/asc/token";
import { announceChange } from "@/lib/cache/announced";
import type { OrgContext } from "@/lib/tenancy/context";
import { destroyConnectionKey, storeConnectionKey } from "@/lib/vault/store";
import { KeyProblem, parseAscPrivateKey } from "./private-key";
import { connectionScopedWhere, visibleConnection } from "@/lib/tenancy/scope";
import { KEY_FIELDS, type TKeyKind, type TNewConnection, type TUpdateConnection } from "./schemas";
import { actorColumns } from "@/lib/tenancy/actor";

type Fields = (typeof KEY_FIELDS)[keyof typeof KEY_FIELDS];

/** Validates the key text against the Key ID and the file name, naming the field at fault. */
function checkKey(input: { keyId: string; privateKey: string; fileName?: string }, fields: Fields = KEY_FIELDS.fields) {
  const m = input.fileName ? /^AuthKey_([A-Za-z0-9]+)\.p8$/.exec(input.fileName) : null;
  if (m && m[1] !== input.keyId) {
    throw invalid(fields.keyId, `The file is AuthKey_${m[1]}.p8, so its Key ID is ${m[1]}, not ${input.keyId}.`);
  }
  try {
    return parseAscPrivateKey(input.privateKey);
  } catch (e) {
    if (e instanceof KeyProblem) throw invalid(fields.privateKey, e.message);
    throw e;
  }
}

/** A team key needs its Issuer ID; an individual key has none. Requests are checked by the schema already; this holds for every caller. */
function issuerFor(kind: TKeyKind, issuerId: string | null | undefined, fields: Fields) {
  if (kind === "TEAM" && !issuerId) throw invalid(fields.issuerId, "Enter the Issuer ID: a team key has one. An individual key has none: choose Individual key instead.");
  if (kind === "INDIVIDUAL" && issuerId) throw invalid(fields.issuerId, "An individual key has no Issuer ID: leave it empty, or choose Team key if this is a team key.");
  return issuerId || null;
}

const dupKey = (keyId: string, field: string = "keyId") => conflict(`A connection with Key ID ${keyId} already exists in this organisation.`, field);

const shown = { id: true, name: true, keyKind: true, keyId: true, issuerId: true, fingerprint: true, status: true, capabilities: true } as const;

/** Validates, then stores the connection and its sealed key in one transaction: all or nothing. */
export async function createConnection(ctx: OrgContext, input: TNewConnection) {
  const fields = KEY_FIELDS[input.source ?? "fields"];
  const keyKind = input.keyKind ?? "TEAM";
  const issuerId = issuerFor(keyKind, input.issuerId, fields);
  const parsed = checkKey(input, fields);
  try {
    return await db.$transaction(async (tx) => {
      const c = await tx.connection.create({
        data: {
          organizationId: ctx.orgId,
          name: input.name,
          keyKind,
          issuerId,
          keyId: input.keyId,
          fingerprint: parsed.fingerprint,
          ...actorColumns(ctx.actor, "createdBy"),
        },
        select: { ...shown, createdAt: true },
      });
      await storeConnectionKey(tx, { organizationId: ctx.orgId, connectionId: c.id }, parsed.der);
      await recordAudit(
        { organizationId: ctx.orgId, action: "connection.created", actor: ctx.actor, target: { type: "connection", id: c.id, label: c.name }, metadata: { keyId: c.keyId, keyKind: c.keyKind, fingerprint: c.fingerprint }, client: ctx.client },
        tx,
      );
      return c;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw dupKey(input.keyId, fields.keyId);
    throw e;
  } finally {
    parsed.der.fill(0);
  }
}

/**
 * Renames, changes the Issuer ID, or replaces the key (which resets the status to untested).
 * A key is a team key or an individual key for good, so the kind changes only with a new key.
 */
export async function updateConnection(ctx: OrgContext, id: string, input: TUpdateConnection) {
  // Visible connections only: a member or token limited to some connections cannot touch others.
  const current = await visibleConnection(ctx, id, { id: true, name: true, keyId: true, keyKind: true, issuerId: true });
  const keyKind = input.keyKind ?? current.keyKind;
  if (keyKind !== current.keyKind && input.privateKey === undefined) {
    throw invalid("privateKey", "A team key and an individual key are different keys: give the new key to change the kind.");
  }
  const keyChanged = input.issuerId !== undefined || keyKind !== current.keyKind;
  const issuerId = keyChanged ? issuerFor(keyKind, input.issuerId === undefined ? (keyKind === current.keyKind ? current.issuerId : null) : input.issuerId, KEY_FIELDS.fields) : undefined;
  const parsed = input.privateKey !== undefined ? checkKey({ keyId: input.keyId!, privateKey: input.privateKey, fileName: input.fileName }) : null;
  try {
    const updated = await db.$transaction(async (tx) => {
      const c = await tx.connection.update({
        where: { id: current.id },
        data: {
          name: input.name,
          ...(keyChanged ? { keyKind, issuerId } : {}),
          ...(parsed ? { keyId: input.keyId, fingerprint: parsed.fingerprint } : {}),
          // A new key or issuer has not been tested yet.
          ...(parsed || keyChanged ? { status: "UNTESTED", statusReason: null, testedAt: null } : {}),
        },
        select: shown,
      });
      if (parsed) await storeConnectionKey(tx, { organizationId: ctx.orgId, connectionId: c.id }, parsed.der);
      const target = { type: "connection", id: c.id, label: c.name };
      if (input.name !== undefined && input.name !== current.name) {
        await recordAudit({ organizationId: ctx.orgId, action: "connection.renamed", actor: ctx.actor, target, metadata: { from: current.name, to: c.name }, client: ctx.client }, tx);
      }
      if (parsed || keyChanged) {
        await recordAudit({ organizationId: ctx.orgId, action: "connection.key_replaced", actor: ctx.actor, target, metadata: { keyId: c.keyId, keyKind: c.keyKind, fingerprint: c.fingerprint }, client: ctx.client }, tx);
      }
      return c;
    });
    forgetTokens(id);
    await announceChange([id]);
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
  const visible = await connectionScopedWhere(ctx, "id");
  await db.$transaction(async (tx) => {
    const c = await tx.connection.findFirst({ where: { AND: [visible, { id }] }, select: { id: true, name: true, keyId: true } });
    if (!c) throw notFound("Connection");
    await destroyConnectionKey(tx, { organizationId: ctx.orgId, connectionId: c.id });
    await tx.connectionGrant.deleteMany({ where: { organizationId: ctx.orgId, connectionId: c.id } });
    await tx.connection.delete({ where: { id: c.id } });
    await recordAudit({ organizationId: ctx.orgId, action: "connection.deleted", actor: ctx.actor, target: { type: "connection", id: c.id, label: c.name }, metadata: { keyId: c.keyId }, client: ctx.client }, tx);
  });
  forgetTokens(id);
  await announceChange([id]);
  await unscheduleConnection(id);
}

