import pg from "pg";
import { env } from "@/lib/env";
import { pgPoolConfig } from "./pool-config";

const globalForBulk = globalThis as unknown as { __ascdashBulk?: pg.Pool };

/**
 * A small pool of plain pg connections for bulk work that Prisma does not do (COPY of a
 * sales report). Separate from Prisma's pool so a long ingest never starves requests.
 */
export function bulkPool(): pg.Pool {
  globalForBulk.__ascdashBulk ??= new pg.Pool(pgPoolConfig(env.DATABASE_URL, { max: 2, connectionTimeoutMillis: 5_000 }));
  return globalForBulk.__ascdashBulk;
}

export async function closeBulkPool() {
  const p = globalForBulk.__ascdashBulk;
  globalForBulk.__ascdashBulk = undefined;
  await p?.end();
}
