import type { PoolConfig } from "pg";

/** Turns a postgres:// URL into the pool config object the pg adapter expects. */
export function pgPoolConfig(url: string, extra: PoolConfig = {}): PoolConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
    // require/prefer encrypt without checking the certificate, as libpq does; verify-* check it.
    ssl: sslmode && sslmode !== "disable" ? { rejectUnauthorized: sslmode.startsWith("verify-") } : undefined,
    ...extra,
  };
}
