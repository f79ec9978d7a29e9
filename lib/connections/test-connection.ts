import { queueDeliveries } from "@/lib/alerts/queue";
import { raiseConnectionAlerts } from "@/lib/alerts/raise";
import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { blockKind, unblockKinds } from "@/lib/sync/blocks";
import { resumeConnection } from "@/lib/sync/pause";
import { blocksFrom, checkCapabilities, type CapabilityReport, type CheckedConnection } from "./capabilities";
import { getConnection } from "./queries";

export type TestResult = { ok: boolean; status: "WORKING" | "FAILING" | "REVOKED"; message: string; httpStatus?: number; capabilities: CapabilityReport };

/** Apple's answer to the apps request, in words a person can act on. */
function explain(report: CapabilityReport): Omit<TestResult, "capabilities"> {
  const httpStatus = report.httpStatus;
  const apps = report.apps;
  if (apps.state === "works") return { ok: true, status: "WORKING", message: "Works: App Store Connect accepted the key.", httpStatus };
  if (httpStatus === 401) {
    return { ok: false, status: "FAILING", message: "App Store Connect refused the key (401): the Issuer ID, Key ID or private key is wrong, or the key was revoked.", httpStatus };
  }
  if (httpStatus === 403) {
    return { ok: false, status: "FAILING", message: `The key works but its role may not list apps (403). ${apps.reason}`.trim(), httpStatus };
  }
  if (httpStatus === 429) return { ok: false, status: "FAILING", message: "App Store Connect is rate-limiting this key (429). Try again later.", httpStatus };
  // No answer at all (network failure or timeout, after the client's retries).
  if (!httpStatus) return { ok: false, status: "FAILING", message: "Could not reach App Store Connect (network error or no answer). Check the server's connection." };
  return { ok: false, status: "FAILING", message: `App Store Connect answered ${httpStatus}. Try again later.`, httpStatus };
}

/**
 * The capability check, stored: the connection's status and report, and per-kind blocks
 * (a kind the role may not do stops; one that works runs again). A key that works gets its
 * schedules; a paused connection resumes. A key Apple now refuses (401) that was not failing
 * already alerts.
 */
export async function storeCapabilities(conn: { id: string; organizationId: string; name: string }, report: CapabilityReport, actor: OrgContext | null) {
  const result = { ...explain(report), capabilities: report };
  const due = await db.$transaction(async (tx) => {
    const before = await tx.connection.findFirst({ where: { id: conn.id, organizationId: conn.organizationId }, select: { status: true } });
    await tx.connection.updateMany({
      where: { id: conn.id, organizationId: conn.organizationId },
      data: {
        status: result.status,
        statusReason: result.ok ? null : result.message,
        testedAt: new Date(),
        capabilities: report,
        capabilitiesCheckedAt: new Date(),
        ...(result.ok ? { lastUsedAt: new Date() } : {}),
      },
    });
    await recordAudit(
      {
        organizationId: conn.organizationId,
        action: "connection.tested",
        actor: actor?.actor ?? null,
        target: { type: "connection", id: conn.id, label: conn.name },
        metadata: { ok: result.ok, httpStatus: result.httpStatus ?? null, metadata: report.metadata.state, reviews: report.reviews.state, sales: report.sales.state },
        client: actor?.client,
      },
      tx,
    );
    const refused = !result.ok && result.httpStatus === 401 && before !== null && before.status !== "FAILING";
    return refused ? raiseConnectionAlerts(tx, { organizationId: conn.organizationId, connectionId: conn.id }, { what: "REFUSED", reason: result.message, at: nowDate() }) : [];
  });
  await queueDeliveries(due).catch(() => undefined);
  if (result.ok) {
    const { blocked, allowed } = blocksFrom(report);
    await unblockKinds(conn.organizationId, conn.id, allowed);
    for (const b of blocked) await blockKind(conn.organizationId, conn.id, b.kind, { code: b.code });
    await resumeConnection(conn.organizationId, conn.id);
  }
  return result;
}

/** The connection a capability check needs, by id and organisation. */
export async function checkedConnection(organizationId: string, id: string): Promise<CheckedConnection & { name: string }> {
  return db.connection.findFirstOrThrow({
    where: { id, organizationId },
    select: { id: true, organizationId: true, name: true, keyKind: true, issuerId: true, keyId: true, fingerprint: true, vendorNumber: true },
  });
}

/** "Test connection": the capability check (apps, metadata, reviews, sales, clock), stored and audited. */
export async function testConnection(ctx: OrgContext, connectionId: string): Promise<TestResult> {
  const c = await getConnection(ctx, connectionId);
  const conn = await checkedConnection(ctx.orgId, c.id);
  const report = await checkCapabilities(conn);
  return storeCapabilities(conn, report, ctx);
}
