import { env } from "@/lib/env";
import type { Keks } from "./envelope";

/** The key-encryption keys from the environment (VAULT_KEKS, VAULT_ACTIVE_KEK). */
export function vaultKeks(): Keks {
  return { keys: env.VAULT_KEKS, activeId: env.VAULT_ACTIVE_KEK };
}
