import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { createConnection } from "@/lib/connections/mutations";
import { ZCreateConnection } from "@/lib/connections/schemas";
import { db } from "@/lib/db/client";
import { memberContext } from "@/lib/tenancy/context";

/** Where seeded rows say they came from, in the audit log. */
export const SEED_CLIENT = { ip: "127.0.0.1", userAgent: "seed" } as const;

/** An App Store Connect-shaped key: P-256, the private half as a .p8 holds it (PKCS#8 PEM), the public half as SPKI PEM. */
export function makeAscKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKey, publicKey };
}

/** A Key ID as Apple writes them: 10 upper-case letters and digits. */
export function makeKeyId() {
  return randomBytes(5).toString("hex").toUpperCase();
}

/** The member's context in the organisation, as a signed-in request of theirs would have it. */
export async function seedContext(organizationId: string, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
  const ctx = await memberContext({ ...user, sessionId: "seed" }, { id: organizationId }, SEED_CLIENT);
  if (!ctx) throw new Error(`user ${userId} is not a member of organisation ${organizationId}`);
  return ctx;
}

export type ConnectionSeed = {
  name?: string;
  keyKind?: "TEAM" | "INDIVIDUAL";
  /** A team key's Issuer ID (made up when left out); an individual key has none. */
  issuerId?: string;
  keyId?: string;
  /** The key pair; a new one when left out. */
  key?: { privateKey: string; publicKey: string };
};

/**
 * A connection added by `creatorId` (a member allowed to add one) through the product's own
 * createConnection: the input passes the request schema and the key is sealed in the vault
 * exactly as when someone uploads it. Returns the key too, for a simulator to accept.
 */
export async function makeConnection(organizationId: string, creatorId: string, opts: ConnectionSeed = {}) {
  const keyKind = opts.keyKind ?? "TEAM";
  const key = opts.key ?? makeAscKeyPair();
  const input = ZCreateConnection.parse({
    name: opts.name ?? "Client team",
    keyKind,
    issuerId: keyKind === "TEAM" ? (opts.issuerId ?? randomUUID()) : undefined,
    keyId: opts.keyId ?? makeKeyId(),
    privateKey: key.privateKey,
  });
  const c = await createConnection(await seedContext(organizationId, creatorId), input);
  return { ...c, organizationId, key };
}
