import { ascToken } from "@/lib/asc/token";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { OrgContext } from "@/lib/tenancy/context";
import { getConnection } from "./queries";
import { resumeConnection } from "@/lib/sync/pause";

export type TestResult = { ok: boolean; status: "WORKING" | "FAILING" | "REVOKED"; message: string; httpStatus?: number };

/** Apple's answer in words a person can act on. */
function explain(httpStatus: number): TestResult {
  if (httpStatus >= 200 && httpStatus < 300) return { ok: true, status: "WORKING", message: "Works: App Store Connect accepted the key.", httpStatus };
  if (httpStatus === 401) {
    return {
      ok: false,
      status: "FAILING",
      message: "App Store Connect refused the key (401): the Issuer ID, Key ID or private key is wrong, or the key was revoked.",
      httpStatus,
    };
  }
  if (httpStatus === 403) {
    return {
      ok: false,
      status: "FAILING",
      message: "The key works but its role is too low (403). Give it the App Manager or Admin role in App Store Connect.",
      httpStatus,
    };
  }
  if (httpStatus === 429) return { ok: false, status: "FAILING", message: "App Store Connect is rate-limiting this key (429). Try again later.", httpStatus };
  return { ok: false, status: "FAILING", message: `App Store Connect answered ${httpStatus}. Try again later.`, httpStatus };
}

/** Signs a token and makes one cheap call (GET /v1/apps?limit=1); stores and audits the outcome. */
export async function testConnection(ctx: OrgContext, connectionId: string): Promise<TestResult> {
  const c = await getConnection(ctx, connectionId);
  let result: TestResult;
  try {
    const { token } = await ascToken({ id: c.id, organizationId: ctx.orgId, issuerId: c.issuerId, keyId: c.keyId, fingerprint: c.fingerprint });
    const res = await fetch(new URL("/v1/apps?limit=1&fields[apps]=name", env.ASC_API_BASE_URL), {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    result = explain(res.status);
  } catch (e) {
    const timedOut = (e as Error).name === "TimeoutError";
    result = {
      ok: false,
      status: "FAILING",
      message: timedOut ? "App Store Connect did not answer within 10 seconds." : "Could not reach App Store Connect (network error). Check the server's connection.",
    };
  }
  await db.$transaction(async (tx) => {
    await tx.connection.updateMany({
      where: { id: c.id, organizationId: ctx.orgId },
      data: { status: result.status, statusReason: result.ok ? null : result.message, testedAt: new Date(), ...(result.ok ? { lastUsedAt: new Date() } : {}) },
    });
    await recordAudit(
      { organizationId: ctx.orgId, action: "connection.tested", actor: ctx.user, target: { type: "connection", id: c.id, label: c.name }, metadata: { ok: result.ok, httpStatus: result.httpStatus ?? null }, client: ctx.client },
      tx,
    );
  });
  // A key that works (again) gets its schedules; a paused connection resumes.
  if (result.ok) await resumeConnection(ctx.orgId, c.id);
  return result;
}
