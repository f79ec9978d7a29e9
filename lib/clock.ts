import { env } from "./env";

/**
 * The product's clock: every decision that depends on the date or the hour (which sales
 * days Apple has published, "yesterday", token lifetimes) reads it instead of Date.now().
 *
 * In production it is the machine's clock. Tests and demos move it (all processes of a
 * run by the same CLOCK_OFFSET_MS, one process with `setClock`) so that they behave the
 * same at 00:30 UTC, at 23:30 UTC and on the first of a month.
 */
let offsetMs: number | undefined;

/** Milliseconds since the epoch, as the product sees the time. */
export function now(): number {
  offsetMs ??= env.CLOCK_OFFSET_MS;
  return Date.now() + offsetMs;
}

export function nowDate(): Date {
  return new Date(now());
}

/** Moves this process's clock so that it reads `at` now (it keeps running from there). */
export function setClock(at: Date | string | number) {
  const ms = typeof at === "number" ? at : new Date(at).getTime();
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(at)}`);
  offsetMs = ms - Date.now();
}

/** Back to the configured clock (the machine's, plus CLOCK_OFFSET_MS if set). */
export function resetClock() {
  offsetMs = env.CLOCK_OFFSET_MS;
}
