// Revokes an API token from a process of its own, as another web server would:
// node --import tsx tests/integration/support/revoke-token-elsewhere.ts <orgId> <userId> <tokenId>
import { revokeApiToken } from "@/lib/api-tokens/mutations";
import { contextFor } from "./context";

const [orgId, userId, tokenId] = process.argv.slice(2);
await revokeApiToken(await contextFor(orgId, userId), tokenId);
process.exit(0);
