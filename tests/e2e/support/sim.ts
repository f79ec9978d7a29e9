import { expect, type APIRequestContext } from "@playwright/test";
import { E2E_SIM_PORT } from "./ports";

/** The App Store Connect simulator behind the primary server, shared by every spec: only add to it, never reset it. */
export const SIM_URL = `http://127.0.0.1:${E2E_SIM_PORT}`;

/** Makes the simulator accept a key, as creating it in App Store Connect does. */
export async function registerSimKey(request: APIRequestContext, key: { issuerId: string; keyId: string; publicKey: string }, role = "ADMIN") {
  const res = await request.post(`${SIM_URL}/__sim/keys`, { data: { issuerId: key.issuerId, keyId: key.keyId, publicKey: key.publicKey, role } });
  expect(res.status(), await res.text()).toBe(201);
}

/** Gives one issuer an account of its own with this many apps, leaving every other key's data alone. */
export async function addSimTeam(request: APIRequestContext, issuerId: string, sizes: { apps: number; reviewsPerApp: number; locales?: number }) {
  const res = await request.post(`${SIM_URL}/__sim/teams`, { data: { issuerId, seed: 7, sizes } });
  expect(res.status(), await res.text()).toBe(201);
}

/** Faults apply to every key: keep them short, and clear them in a `finally`. */
export async function setSimFaults(request: APIRequestContext, faults: Record<string, unknown>) {
  const res = await request.post(`${SIM_URL}/__sim/faults`, { data: faults });
  expect(res.status()).toBe(200);
}

type SimLoc = { id: string; locale: string } & Record<string, string>;
export type SimHeldApp = {
  id: string;
  name: string;
  /** The live app info (state READY_FOR_DISTRIBUTION) and, with a version on its way, the one that goes out with it. */
  appInfos: { id: string; state: string; appStoreState: string; localizations: SimLoc[] }[];
  /** `appStoreState` is Apple's deprecated mirror of `appVersionState`. */
  versions: { id: string; versionString: string; appVersionState: string; appStoreState: string; localizations: SimLoc[] }[];
};

/** What the simulator holds now for an issuer's apps (all, or one by Apple's id). */
export async function simLocalizations(request: APIRequestContext, issuerId: string, appId?: string): Promise<SimHeldApp[]> {
  const res = await request.get(`${SIM_URL}/__sim/localizations`, { params: { issuerId, ...(appId ? { appId } : {}) } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).apps;
}

/** Changes a localization at the simulator, as someone editing in App Store Connect would. */
export async function changeSimLocalization(request: APIRequestContext, issuerId: string, id: string, attributes: Record<string, string>) {
  const res = await request.patch(`${SIM_URL}/__sim/localizations`, { data: { issuerId, id, attributes } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Moves a version through Apple's states (READY_FOR_REVIEW, ACCEPTED, PENDING_DEVELOPER_RELEASE, READY_FOR_DISTRIBUTION, ...); its app info follows. */
export async function moveSimVersion(request: APIRequestContext, issuerId: string, versionId: string, appVersionState: string) {
  const res = await request.post(`${SIM_URL}/__sim/versions/state`, { data: { issuerId, versionId, appVersionState } });
  expect(res.status(), await res.text()).toBe(200);
}
