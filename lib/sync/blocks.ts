import { z } from "zod";
import { queueDeliveries, type DueDelivery } from "@/lib/alerts/queue";
import { raiseConnectionAlerts } from "@/lib/alerts/raise";
import type { AscError } from "@/lib/asc/errors";
import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { scheduleConnection } from "@/lib/jobs/connection-schedules";

/**
 * Apple decides 403 per endpoint: a key whose role cannot do one kind of work (an App
 * Manager key and sales reports, a Customer Support key and metadata) is refused that kind
 * only. Such a kind is blocked for the connection, with the reason and the role it needs;
 * its schedules stop and the other kinds keep running. A successful run of the kind, or a
 * capability check that finds it allowed, lifts the block.
 */
export const BLOCKABLE_KINDS = ["METADATA", "REVIEWS", "SALES", "ANALYTICS"] as const;
export type BlockKind = (typeof BLOCKABLE_KINDS)[number];

const ZBlock = z.object({ reason: z.string(), code: z.string().nullable(), roles: z.string().nullable(), at: z.string() });
export const ZSyncBlocks = z.partialRecord(z.enum(BLOCKABLE_KINDS), ZBlock).catch({});
export type TSyncBlocks = z.infer<typeof ZSyncBlocks>;
export type TSyncBlock = z.infer<typeof ZBlock>;

/** The roles Apple lets do each kind of work (App Store Connect Help, "Role permissions"). */
export const ROLES_NEEDED: Record<BlockKind, string> = {
  METADATA: "Admin, App Manager or Marketing",
  REVIEWS: "Admin, App Manager or Customer Support",
  SALES: "Admin, Finance or Sales (a team key)",
  ANALYTICS: "Admin, Sales and Reports, or Finance",
};

const AGREEMENTS = "FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED";

/** Words for a 403 on one kind of work: the role needed, or the agreements to accept. */
export function forbiddenReason(kind: BlockKind, e: Pick<AscError, "code">): { reason: string; code: string; roles: string | null } {
  if (e.code === AGREEMENTS) {
    return {
      reason: "App Store Connect needs the Account Holder to accept the latest agreements (Business › Agreements in App Store Connect) before this key can be used for this.",
      code: e.code,
      roles: null,
    };
  }
  const what = { METADATA: "app metadata", REVIEWS: "customer reviews", SALES: "sales reports", ANALYTICS: "analytics reports" }[kind];
  return { reason: `This key's role may not use ${what} (403). It needs the ${ROLES_NEEDED[kind]} role.`, code: e.code, roles: ROLES_NEEDED[kind] };
}

export const isForbidden = (e: unknown): e is AscError => (e as AscError)?.name === "AscError" && (e as AscError).status === 403;

export async function syncBlocks(organizationId: string, connectionId: string): Promise<TSyncBlocks> {
  const c = await db.connection.findFirst({ where: { id: connectionId, organizationId }, select: { syncBlocks: true } });
  return ZSyncBlocks.parse(c?.syncBlocks ?? {});
}

/** Blocks one kind of work for a connection and stops its schedules; the rest keeps running. A kind newly blocked alerts. */
export async function blockKind(organizationId: string, connectionId: string, kind: BlockKind, e: Pick<AscError, "code">) {
  const r = forbiddenReason(kind, e);
  let lost: string | null = null;
  const changed = await setBlocks(
    organizationId,
    connectionId,
    (b) => {
      const had = b[kind];
      b[kind] = { reason: r.reason, code: r.code, roles: r.roles, at: had?.at ?? nowDate().toISOString() };
      if (!had) lost = b[kind].at;
      return !had || had.reason !== r.reason;
    },
    (tx) => (lost ? raiseConnectionAlerts(tx, { organizationId, connectionId }, { what: kind, reason: r.reason, at: new Date(lost) }) : Promise.resolve([])),
  );
  if (changed) await recordAudit({ organizationId, action: "connection.sync_blocked", actor: null, target: { type: "connection", id: connectionId }, metadata: { kind, code: r.code } });
  return r;
}

/** Lifts blocks of these kinds (they worked), and schedules them again. */
export async function unblockKinds(organizationId: string, connectionId: string, kinds: BlockKind[]) {
  await setBlocks(organizationId, connectionId, (b) => {
    let changed = false;
    for (const k of kinds) {
      if (!b[k]) continue;
      delete b[k];
      changed = true;
    }
    return changed;
  });
}

/** Read-modify-write under a row lock (with the alerts the change raises), then the schedules follow the new blocks. */
async function setBlocks(organizationId: string, connectionId: string, change: (b: TSyncBlocks) => boolean, raise?: (tx: Prisma.TransactionClient) => Promise<DueDelivery[]>) {
  let due: DueDelivery[] = [];
  const updated = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ syncBlocks: unknown }[]>`SELECT "syncBlocks" FROM "Connection" WHERE id = ${connectionId} AND "organizationId" = ${organizationId} FOR UPDATE`;
    if (!rows[0]) return null;
    const blocks = ZSyncBlocks.parse(rows[0].syncBlocks ?? {});
    if (!change(blocks)) return null;
    const row = await tx.connection.update({
      where: { id: connectionId },
      data: { syncBlocks: blocks },
      select: { id: true, organizationId: true, vendorNumber: true, reviewsEveryMinutes: true, metadataEveryMinutes: true, salesHourUtc: true, syncPausedAt: true, testedAt: true, syncBlocks: true, keyKind: true },
    });
    due = (await raise?.(tx)) ?? [];
    return row;
  });
  await queueDeliveries(due).catch(() => undefined);
  if (updated?.testedAt) await scheduleConnection(updated);
  return updated !== null;
}
