/**
 * When Apple publishes a day's Sales Summary report.
 *
 * Apple: "Daily reports for the Americas are available by 5 am Pacific Time; Japan,
 * Australia, and New Zealand by 5 am Japan Standard Time; and 5 am Central European Time
 * for all other territories" (the detail of its 404 for a report not out yet, and App Store
 * Connect Help on Sales and Trends). The Sales Summary is one report for every territory,
 * so it is asked for after the last of the three: 05:00 in Los Angeles the next day, which
 * is 12:00 UTC during daylight saving time and 13:00 UTC otherwise.
 */
const DAY = 86_400_000;
const PUBLISH_HOUR = 5;
const PUBLISH_ZONE = "America/Los_Angeles";
/** Asked for a little after the hour, so a report Apple posts on the minute is there. */
const GRACE_MS = 10 * 60_000;

const zoneFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: PUBLISH_ZONE, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
});

/** How far the zone's wall clock is from UTC at `ms` (negative west of Greenwich). */
function zoneOffset(ms: number) {
  const p = Object.fromEntries(zoneFormat.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - ms;
}

/** The instant Apple has published the report of `day` (YYYY-MM-DD), plus a little grace. */
export function reportDueAt(day: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + DAY + PUBLISH_HOUR * 3600_000;
  // Two passes: the offset at the first guess may be the other side of a DST change.
  const first = wall - zoneOffset(wall);
  return wall - zoneOffset(first) + GRACE_MS;
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The newest day whose report is out at `now`. */
export function latestPublishedDay(now: number): string {
  // Yesterday's report is out after today's 05:00 in Los Angeles, else the day before's is.
  const yesterday = isoDay(Math.floor(now / DAY) * DAY - DAY);
  for (let d = Date.parse(`${yesterday}T00:00:00Z`); ; d -= DAY) {
    if (reportDueAt(isoDay(d)) <= now) return isoDay(d);
  }
}

/**
 * Days answered "no sales" this recently are asked again: Apple may answer so while a day's
 * report is still incomplete, and a day stored as empty would otherwise never be fetched.
 */
export const RECHECK_NO_SALES_DAYS = 3;
