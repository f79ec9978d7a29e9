import { announceChange, announcedCache } from "@/lib/cache/announced";
import type { Role } from "@/lib/generated/prisma/enums";

/** What authenticating a token needs from its row; the organisation comes with it. */
export type CachedToken = {
  id: string;
  name: string;
  role: Role;
  restrictConnections: boolean;
  connectionIds: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  organization: { id: string; name: string; slug: string };
};

/**
 * Token rows by the token's hash, kept for 30 s at most: every change that can refuse or
 * narrow a token (revocation, a creator's demotion, the lifetime cap, renaming or deleting
 * the organisation) is announced and clears them on every web server at once.
 */
const tokens = announcedCache<CachedToken>("api-tokens", { ttlMs: 30_000, tagsOf: (t) => [t.id, t.organization.id] });

export const cachedToken = (hash: string, load: () => Promise<CachedToken | null>) => tokens.get(hash, load);

/** Announces that tokens changed: by id, or every token of an organisation. */
export const announceTokenChange = (change: { tokenIds?: string[]; orgId?: string }) =>
  announceChange([...(change.tokenIds ?? []), ...(change.orgId ? [change.orgId] : [])]);
