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
export async function addSimTeam(request: APIRequestContext, issuerId: string, sizes: { apps: number; reviewsPerApp: number }) {
  const res = await request.post(`${SIM_URL}/__sim/teams`, { data: { issuerId, seed: 7, sizes } });
  expect(res.status(), await res.text()).toBe(201);
}

/** Faults apply to every key: keep them short, and clear them in a `finally`. */
export async function setSimFaults(request: APIRequestContext, faults: Record<string, unknown>) {
  const res = await request.post(`${SIM_URL}/__sim/faults`, { data: faults });
  expect(res.status()).toBe(200);
}
