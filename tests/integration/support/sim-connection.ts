import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import type { SimRole } from "../../asc-sim/auth";
import type { AscSimulator } from "../../asc-sim/server";
import { contextFor } from "./context";
import { ascKeyPair, issuerId, keyId } from "./keys";

/** A new organisation with one connection whose key the simulator knows, with the given Apple role. */
export async function simConnection(sim: AscSimulator, role: SimRole = "ADMIN") {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const pair = ascKeyPair();
  const c = await createConnection(await contextFor(org.id, owner.id), { name: "Simulated team", issuerId: issuerId(), keyId: keyId(), privateKey: pair.privateKey });
  sim.registerKey({ issuerId: c.issuerId, keyId: c.keyId, publicKey: pair.publicKey, role });
  const conn = await db.connection.findFirstOrThrow({ where: { id: c.id } });
  return { ...conn, pair, ownerId: owner.id };
}
