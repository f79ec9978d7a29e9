import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import type { SimRole } from "../../asc-sim/auth";
import type { AscSimulator } from "../../asc-sim/server";
import { contextFor } from "./context";
import { ascKeyPair, issuerId, keyId } from "./keys";

/** A new organisation with one connection (a team key) whose key the simulator knows, with the given Apple role. */
export async function simConnection(sim: AscSimulator, role: SimRole = "ADMIN") {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const pair = ascKeyPair();
  const team = issuerId();
  const c = await createConnection(await contextFor(org.id, owner.id), { name: "Simulated team", issuerId: team, keyId: keyId(), privateKey: pair.privateKey });
  sim.registerKey({ issuerId: team, keyId: c.keyId, publicKey: pair.publicKey, role });
  const conn = await db.connection.findFirstOrThrow({ where: { id: c.id } });
  // A team key always has its Issuer ID.
  return { ...conn, issuerId: team, pair, ownerId: owner.id };
}

/**
 * A new organisation with one connection of an individual key (no Issuer ID; tokens say
 * `sub: "user"`) that the simulator knows, for a user with the given Apple role. The user
 * belongs to `teamIssuerId`'s team (give it an account with `sim.addTeam`), else to the
 * simulator's default account.
 */
export async function simIndividualConnection(sim: AscSimulator, role: SimRole = "ADMIN", opts: { teamIssuerId?: string } = {}) {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const pair = ascKeyPair();
  const c = await createConnection(await contextFor(org.id, owner.id), { name: "Simulated individual key", keyKind: "INDIVIDUAL", keyId: keyId(), privateKey: pair.privateKey });
  sim.registerKey({ kind: "INDIVIDUAL", keyId: c.keyId, publicKey: pair.publicKey, role, teamIssuerId: opts.teamIssuerId });
  const conn = await db.connection.findFirstOrThrow({ where: { id: c.id } });
  return { ...conn, pair, ownerId: owner.id, teamIssuerId: opts.teamIssuerId };
}
