import { resetClock, setClock } from "@/lib/clock";
import type { AscSimulator } from "../../asc-sim/server";

/**
 * Pins the product's clock and Apple's (the simulators') to the same instant, so that a test
 * about dates and publication times behaves the same whatever the wall clock says. Both keep
 * running from there. `skewMs` puts Apple's clock that far behind ours (negative: ahead).
 */
export function pinClocks(sims: AscSimulator | AscSimulator[], at: string | number, skewMs = 0) {
  const ms = typeof at === "number" ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(at)}`);
  setClock(ms);
  for (const sim of Array.isArray(sims) ? sims : [sims]) sim.clockOffsetMs = ms - skewMs - Date.now();
}

/** Both clocks back to the machine's. */
export function unpinClocks(sims: AscSimulator | AscSimulator[]) {
  resetClock();
  for (const sim of Array.isArray(sims) ? sims : [sims]) sim.clockOffsetMs = 0;
}
