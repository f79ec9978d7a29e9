import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { open, rewrap, seal, VaultIntegrityError, type Keks } from "./envelope";
import { vaultKeks } from "./keks";

type Tx = Prisma.TransactionClient;
type Ref = { organizationId: string; connectionId: string };

const binding = (r: Ref) => ({ organizationId: r.organizationId, credentialId: r.connectionId });

/** Stores (or replaces) a connection's private key, given as PKCS#8 DER, sealed under the active KEK. */
export async function storeConnectionKey(tx: Tx, ref: Ref, der: Buffer, keks: Keks = vaultKeks()) {
  const s = seal(der, binding(ref), keks);
  const data = { formatVersion: s.formatVersion, kekId: s.kekId, wrappedKey: new Uint8Array(s.wrappedKey), ciphertext: new Uint8Array(s.ciphertext) };
  await tx.connectionSecret.upsert({
    where: { organizationId_connectionId: { organizationId: ref.organizationId, connectionId: ref.connectionId } },
    create: { ...ref, ...data },
    update: data,
  });
}

/** Decrypts a connection's key and hands the DER to `use`; the buffer is zeroed afterwards. */
export async function withConnectionKey<T>(ref: Ref, use: (der: Buffer) => T, keks: Keks = vaultKeks()): Promise<T> {
  const row = await db.connectionSecret.findUniqueOrThrow({
    where: { organizationId_connectionId: { organizationId: ref.organizationId, connectionId: ref.connectionId } },
    select: { formatVersion: true, kekId: true, wrappedKey: true, ciphertext: true },
  });
  const sealed = { formatVersion: row.formatVersion, kekId: row.kekId, wrappedKey: Buffer.from(row.wrappedKey), ciphertext: Buffer.from(row.ciphertext) };
  return open(sealed, binding(ref), keks, use);
}

/** Overwrites the wrapped data key before the row goes, so a later copy of the row opens nothing. */
export async function destroyConnectionKey(tx: Tx, ref: Ref) {
  await tx.connectionSecret.updateMany({
    where: { organizationId: ref.organizationId, connectionId: ref.connectionId },
    data: { wrappedKey: new Uint8Array(60), ciphertext: new Uint8Array(0) },
  });
}

/**
 * Moves every data key not yet under the active KEK to it (connection keys, then alert
 * channels' hook addresses), `batchSize` rows at a time.
 * Each row is updated only if its KEK is still the one it was read with, so running it
 * twice at once, or again after an interruption, is safe. Private keys stay encrypted.
 */
export async function rewrapAll(opts: { batchSize?: number; keks?: Keks; onBatch?: (done: number) => void } = {}) {
  const keks = opts.keks ?? vaultKeks();
  const batchSize = opts.batchSize ?? 100;
  let moved = 0;
  let after = "";
  const failed: string[] = [];
  for (;;) {
    const rows = await db.connectionSecret.findMany({
      where: { kekId: { not: keks.activeId }, connectionId: { gt: after } },
      orderBy: { connectionId: "asc" },
      take: batchSize,
      select: { connectionId: true, organizationId: true, formatVersion: true, kekId: true, wrappedKey: true, updatedAt: true },
    });
    if (rows.length === 0) break;
    for (const r of rows) {
      let next;
      try {
        next = rewrap({ formatVersion: r.formatVersion, kekId: r.kekId, wrappedKey: Buffer.from(r.wrappedKey), ciphertext: Buffer.alloc(0) }, binding(r), keks);
      } catch (e) {
        // A row that does not open (damaged, or its KEK is gone) is reported, not allowed to block the rest.
        if (!(e instanceof VaultIntegrityError)) throw e;
        failed.push(r.connectionId);
        continue;
      }
      // Only if the row is as it was read: a key replaced meanwhile keeps its new data key.
      const { count } = await db.connectionSecret.updateMany({
        where: { connectionId: r.connectionId, organizationId: r.organizationId, kekId: r.kekId, updatedAt: r.updatedAt },
        data: { kekId: next.kekId, wrappedKey: new Uint8Array(next.wrappedKey) },
      });
      moved += count;
    }
    after = rows[rows.length - 1].connectionId;
    opts.onBatch?.(moved);
  }
  moved += await rewrapAlertChannels(keks, batchSize, failed);
  const remaining =
    (await db.connectionSecret.count({ where: { kekId: { not: keks.activeId } } })) + (await db.alertChannel.count({ where: { kekId: { not: keks.activeId }, NOT: { kekId: null } } }));
  return { moved, remaining, failed };
}

/** The same for alert channels' sealed hook addresses (bound to `alert-channel:<id>`); failures are listed by channel id. */
async function rewrapAlertChannels(keks: Keks, batchSize: number, failed: string[]) {
  let moved = 0;
  let after = "";
  for (;;) {
    const rows = await db.alertChannel.findMany({
      where: { kekId: { not: keks.activeId }, NOT: { kekId: null }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, organizationId: true, formatVersion: true, kekId: true, wrappedKey: true, updatedAt: true },
    });
    if (rows.length === 0) return moved;
    for (const r of rows) {
      const bound = { organizationId: r.organizationId, credentialId: `alert-channel:${r.id}` };
      let next;
      try {
        next = rewrap({ formatVersion: r.formatVersion!, kekId: r.kekId!, wrappedKey: Buffer.from(r.wrappedKey!), ciphertext: Buffer.alloc(0) }, bound, keks);
      } catch (e) {
        if (!(e instanceof VaultIntegrityError)) throw e;
        failed.push(r.id);
        continue;
      }
      const { count } = await db.alertChannel.updateMany({ where: { id: r.id, kekId: r.kekId, updatedAt: r.updatedAt }, data: { kekId: next.kekId, wrappedKey: new Uint8Array(next.wrappedKey) } });
      moved += count;
    }
    after = rows[rows.length - 1].id;
  }
}
