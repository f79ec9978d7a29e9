import { DAY, dayMs, isoDay, longDay, rangeWords } from "@/lib/dates";
import type { ReportCadence } from "@/lib/generated/prisma/enums";

/**
 * The periods a client report covers, in UTC: an ISO week (Monday to Sunday, named
 * "2026-W48" after the year its Thursday falls in) or a calendar month ("2026-11").
 */
export type Period = { cadence: ReportCadence; key: string; from: string; to: string };

export const REPORT_CADENCES = ["WEEKLY", "MONTHLY"] as const satisfies readonly ReportCadence[];

export const WEEK_KEY = /^(\d{4})-W(\d{2})$/;
export const MONTH_KEY = /^(\d{4})-(\d{2})$/;

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number) => String(n).padStart(2, "0");
/** Monday 0 … Sunday 6. */
const weekday = (ms: number) => (new Date(ms).getUTCDay() + 6) % 7;
const startOfDay = (ms: number) => Math.floor(ms / DAY) * DAY;

/** The Monday of ISO week 1 of a year: the week holding 4 January. */
function firstMonday(year: number) {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - weekday(jan4) * DAY;
}

/** The ISO week holding a day: its year (that of its Thursday) and number. */
export function isoWeekOf(day: string) {
  const ms = dayMs(day);
  const thursday = ms + (3 - weekday(ms)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - firstMonday(year)) / (7 * DAY)) + 1 };
}

/** Weeks in an ISO year: 53 when 28 December falls in week 53, else 52. */
export const weeksInYear = (year: number) => isoWeekOf(`${year}-12-28`).week;

function weekPeriod(monday: number): Period {
  const { year, week } = isoWeekOf(isoDay(monday));
  return { cadence: "WEEKLY", key: `${year}-W${pad(week)}`, from: isoDay(monday), to: isoDay(monday + 6 * DAY) };
}

function monthPeriod(year: number, month: number): Period {
  return { cadence: "MONTHLY", key: `${year}-${pad(month + 1)}`, from: isoDay(Date.UTC(year, month, 1)), to: isoDay(Date.UTC(year, month + 1, 0)) };
}

/** The last period of the cadence that has ended by `at`: last week (Monday to Sunday) or last month. */
export function lastCompletePeriod(cadence: ReportCadence, at: number): Period {
  const today = startOfDay(at);
  if (cadence === "WEEKLY") return weekPeriod(today - weekday(today) * DAY - 7 * DAY);
  const d = new Date(today);
  return monthOffset(d.getUTCFullYear(), d.getUTCMonth(), -1);
}

/** The month `delta` months from (year, month), month counted from 0. */
function monthOffset(year: number, month: number, delta: number): Period {
  const total = year * 12 + month + delta;
  return monthPeriod(Math.floor(total / 12), ((total % 12) + 12) % 12);
}

/** The `count` complete periods up to `at`, newest first: what a period picker offers. */
export function recentPeriods(cadence: ReportCadence, at: number, count: number): Period[] {
  const last = lastCompletePeriod(cadence, at);
  const out: Period[] = [];
  for (let i = 0; i < count; i++) {
    if (cadence === "WEEKLY") out.push(weekPeriod(dayMs(last.from) - i * 7 * DAY));
    else out.push(monthOffset(Number(last.from.slice(0, 4)), Number(last.from.slice(5, 7)) - 1, -i));
  }
  return out;
}

/** The period a key names for the cadence, or null when it is not one ("2026-W54", "2026-13", a month for a weekly report). */
export function parsePeriod(cadence: ReportCadence, key: string): Period | null {
  if (cadence === "WEEKLY") {
    const m = WEEK_KEY.exec(key);
    if (!m) return null;
    const [year, week] = [Number(m[1]), Number(m[2])];
    if (year < 2000 || week < 1 || week > weeksInYear(year)) return null;
    return weekPeriod(firstMonday(year) + (week - 1) * 7 * DAY);
  }
  const m = MONTH_KEY.exec(key);
  if (!m) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (year < 2000 || month < 1 || month > 12) return null;
  return monthPeriod(year, month - 1);
}

/** Whether every day of the period has ended by `at`. */
export const isComplete = (p: Period, at: number) => dayMs(p.to) + DAY <= at;

/** "Week 48, 2026 (23 Nov to 29 Nov 2026)" or "November 2026". */
export function periodWords(p: Period) {
  if (p.cadence === "MONTHLY") return `${MONTH_NAMES[Number(p.key.slice(5, 7)) - 1]} ${p.key.slice(0, 4)}`;
  return `Week ${Number(p.key.slice(6))}, ${p.key.slice(0, 4)} (${rangeWords(p)})`;
}

/** "23 Nov 2026 to 29 Nov 2026": the days, for a line under the title. */
export const periodDays = (p: Period) => `${longDay(p.from)} to ${longDay(p.to)}`;

export const CADENCE_WORDS: Record<ReportCadence, string> = { WEEKLY: "Weekly", MONTHLY: "Monthly" };
