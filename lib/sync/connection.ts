import { ascClient } from "@/lib/asc/client";
import type { Priority } from "@/lib/asc/budget";
import { ascAppError } from "@/lib/asc/errors";
import { accountReader } from "@/lib/asc/read";
import { db } from "@/lib/db/client";

/** What a sync needs of a connection, loaded by id and organisation (never by id alone). */
export async function syncTarget(organizationId: string, connectionId: string, opts: { baseUrl?: string; priority?: Priority } = {}) {
  const conn = await db.connection.findFirstOrThrow({
    where: { id: connectionId, organizationId },
    select: { id: true, organizationId: true, name: true, keyKind: true, issuerId: true, keyId: true, fingerprint: true, vendorNumber: true, syncPausedAt: true, statusReason: true, syncBlocks: true },
  });
  // Failures the client retried past are not errors, but the Sync page shows them.
  const retried = { count: 0, last: null as string | null };
  const client = ascClient(conn, {
    baseUrl: opts.baseUrl,
    priority: opts.priority,
    onRetry: (e) => {
      retried.count++;
      retried.last = `${ascAppError(e).publicMessage} (${e.code})`;
    },
  });
  return { conn, client, reader: accountReader(client, opts.priority), retried };
}

export type SyncTarget = Awaited<ReturnType<typeof syncTarget>>;
