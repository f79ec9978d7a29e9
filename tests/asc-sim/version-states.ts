import { APP_VERSION_STATES, appInfoStateFor, type SimState, type SimVersionState } from "./data";

/**
 * Moves a version through Apple's review and release states, as App Store Connect does
 * when a version is submitted, reviewed and released. The app info that travels with a
 * version not yet live follows it; on release the version and its app info become the
 * live ones, and the previous live ones are replaced (Apple still lists them, in the
 * REPLACED_WITH_NEW_VERSION and REPLACED_WITH_NEW_INFO states).
 */
export function moveVersion(state: SimState, versionId: string, to: string): { ok: true } | { ok: false; error: string } {
  const version = state.versions.find((v) => v.id === versionId);
  if (!version) return { ok: false, error: `no version ${versionId}` };
  if (!(APP_VERSION_STATES as readonly string[]).includes(to)) return { ok: false, error: `appVersionState is one of ${APP_VERSION_STATES.join(", ")}` };
  const next = to as SimVersionState;
  const infos = state.appInfos.filter((i) => i.appId === version.appId);
  const live = infos.find((i) => i.state === "READY_FOR_DISTRIBUTION");
  const travelling = infos.find((i) => i.state !== "READY_FOR_DISTRIBUTION" && i.state !== "REPLACED_WITH_NEW_INFO");
  const wasLive = version.appVersionState === "READY_FOR_DISTRIBUTION";
  version.appVersionState = next;
  if (wasLive) return { ok: true };
  if (next === "READY_FOR_DISTRIBUTION") {
    for (const v of state.versions) if (v.appId === version.appId && v.id !== version.id && v.appVersionState === "READY_FOR_DISTRIBUTION") v.appVersionState = "REPLACED_WITH_NEW_VERSION";
    if (travelling) {
      if (live) live.state = "REPLACED_WITH_NEW_INFO";
      travelling.state = "READY_FOR_DISTRIBUTION";
    }
    return { ok: true };
  }
  if (travelling) travelling.state = appInfoStateFor(next);
  return { ok: true };
}
