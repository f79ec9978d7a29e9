import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { pgPoolConfig } from "./pool-config";

// Secret columns are left out of every query unless a caller asks for them by name.
const omit = {
  user: { passwordHash: true },
  session: { tokenHash: true },
  invitation: { tokenHash: true },
  apiToken: { tokenHash: true },
  connectionSecret: { wrappedKey: true, ciphertext: true },
} as const;

function createClient(url: string) {
  const adapter = new PrismaPg(pgPoolConfig(url, { max: 10, connectionTimeoutMillis: 5_000 }));
  return new PrismaClient({ adapter, omit });
}

export type Db = ReturnType<typeof createClient>;

const globalForDb = globalThis as unknown as { __ascdashDb?: Db };

/** One client per process; survives hot reloads in development. */
export function getDb(): Db {
  globalForDb.__ascdashDb ??= createClient(env.DATABASE_URL);
  return globalForDb.__ascdashDb;
}

export const db: Db = new Proxy({} as Db, {
  get: (_t, key) => {
    const client = getDb();
    const value = Reflect.get(client, key);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** For tests and tools that need their own client (another database, a proxy). */
export { createClient as createDbClient };
