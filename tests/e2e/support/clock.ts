/**
 * End-to-end runs pin the clock: the web servers, the worker and the App Store Connect
 * simulator all read the same instant (E2E_CLOCK, moved by CLOCK_OFFSET_MS from when the
 * run started), so specs about days and publication times pass at any hour on any date.
 * The default is 04:00 UTC on a Wednesday in November: the day before's sales report is
 * not published yet (Apple publishes at 5 am in Los Angeles, 13:00 UTC in winter).
 */
export const E2E_CLOCK = "2026-11-18T04:00:00Z";

/** The run's pinned time, as the servers see it now. */
export function e2eNow(): number {
  return Date.now() + Number(process.env.CLOCK_OFFSET_MS ?? 0);
}
