import { afterAll, beforeAll } from "vitest";
import { getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import type { AscSimulator } from "../../asc-sim/server";

/** Starts the simulator before a file's tests (recording exchanges if asked) and closes it, and the shared clients, after. */
export function simulatorForFile(sim: AscSimulator, opts: { record?: boolean; port?: number } = {}) {
  beforeAll(async () => {
    await sim.listen(opts.port);
    sim.recording = opts.record ?? false;
  });
  afterAll(async () => {
    await sim.close();
    await getRedis().quit();
    await getDb().$disconnect();
  });
}
