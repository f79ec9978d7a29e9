import { blockKind, isForbidden, type BlockKind } from "./blocks";
import { failureReason, keyRefused, type FailureReason } from "./failures";
import { pauseConnection } from "./pause";

type Scope = { organizationId: string; connectionId: string };

/** What a run or item of a paused connection ends with. */
export const pausedReason = (conn: { statusReason: string | null }): FailureReason => ({ message: `Sync is paused: ${conn.statusReason ?? "the key was refused"}`, code: "PAUSED" });

/**
 * Acts on Apple refusing the connection rather than the request: a refused key (401)
 * pauses the connection (its schedules stop, its open runs end); a 403 on this kind of
 * work blocks these kinds only, the others keep running. Null for any other failure.
 */
export async function applyRefusal(scope: Scope, e: unknown, kinds: readonly BlockKind[]): Promise<{ paused: boolean; reason: FailureReason } | null> {
  if (keyRefused(e)) {
    const reason = failureReason(e);
    await pauseConnection(scope.organizationId, scope.connectionId, reason.message, reason.code);
    return { paused: true, reason };
  }
  if (kinds.length === 0 || !isForbidden(e)) return null;
  let reason = failureReason(e);
  for (const kind of kinds) {
    const blocked = await blockKind(scope.organizationId, scope.connectionId, kind, e);
    reason = { message: blocked.reason, code: blocked.code };
  }
  return { paused: false, reason };
}
