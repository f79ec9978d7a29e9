import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncMetadata } from "@/lib/sync/metadata";
import type { AscSimulator } from "../../asc-sim/server";
import { contextFor } from "./context";
import { simConnection } from "./sim-connection";

/** A new organisation whose connection has synced the simulator's apps and their metadata. */
export async function syncedMetadataAccount(sim: AscSimulator) {
  const conn = await simConnection(sim);
  const ctx = await contextFor(conn.organizationId, conn.ownerId);
  const t = await syncTarget(conn.organizationId, conn.id);
  const { apps } = await syncApps(t);
  for (const a of apps) await syncMetadata(t, a.id);
  return { conn, ctx, apps };
}
