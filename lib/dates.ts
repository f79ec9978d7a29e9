/**
 * Days as "YYYY-MM-DD" strings (UTC), their arithmetic, and how they read on screen. Fixed
 * month names rather than Intl's: the server and the browser print the same words.
 */

export const DAY = 86_400_000;
export const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const parts = (iso: string) => ({ y: iso.slice(0, 4), m: MONTHS[Number(iso.slice(5, 7)) - 1], d: String(Number(iso.slice(8, 10))) });

/** "21 Nov 2026". */
export function longDay(iso: string) {
  const p = parts(iso);
  return `${p.d} ${p.m} ${p.y}`;
}

/** "21 Nov". */
export function shortDay(iso: string) {
  const p = parts(iso);
  return `${p.d} ${p.m}`;
}

/** "2026-11" or "2026-11-21" → "Nov 2026". */
export const monthWords = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** "18 Nov 2026 04:00 UTC". */
export function utcWords(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${longDay(d.toISOString().slice(0, 10))} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "23 Oct to 21 Nov 2026", the year once when both days share it. */
export function rangeWords(r: { from: string; to: string }) {
  if (r.from === r.to) return longDay(r.from);
  return r.from.slice(0, 4) === r.to.slice(0, 4) ? `${shortDay(r.from)} to ${longDay(r.to)}` : `${longDay(r.from)} to ${longDay(r.to)}`;
}

/** "10–12 Nov", "30 Nov–2 Dec", "12 Nov", with years when the range spans two. */
export function compactRange(r: { from: string; to: string }) {
  const a = parts(r.from);
  const b = parts(r.to);
  if (r.from === r.to) return `${b.d} ${b.m}`;
  if (a.y !== b.y) return `${a.d} ${a.m} ${a.y}–${b.d} ${b.m} ${b.y}`;
  return a.m === b.m ? `${a.d}–${b.d} ${b.m}` : `${a.d} ${a.m}–${b.d} ${b.m}`;
}
