import { randomUUID } from "node:crypto";
import { makeAscKeyPair, makeKeyId } from "@/lib/seed/connections";

/** A fresh App Store Connect-shaped key: PKCS#8 PEM, EC P-256, with its public half. */
export const ascKeyPair = makeAscKeyPair;
export const keyId = makeKeyId;
export const issuerId = () => randomUUID();
