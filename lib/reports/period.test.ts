import { describe, expect, it } from "vitest";
import { isComplete, isoWeekOf, lastCompletePeriod, parsePeriod, periodWords, recentPeriods, weeksInYear } from "./period";

const at = (iso: string) => Date.parse(iso);

describe("ISO weeks", () => {
  it("numbers weeks by the year their Thursday falls in", () => {
    expect(isoWeekOf("2026-11-23")).toEqual({ year: 2026, week: 48 });
    // 1 Jan 2027 is a Friday: it belongs to week 53 of 2026.
    expect(isoWeekOf("2027-01-01")).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf("2027-01-04")).toEqual({ year: 2027, week: 1 });
    // 29 Dec 2025 is a Monday whose Thursday is 1 Jan 2026.
    expect(isoWeekOf("2025-12-29")).toEqual({ year: 2026, week: 1 });
    expect(isoWeekOf("2024-12-30")).toEqual({ year: 2025, week: 1 });
  });

  it("knows which years have 53 weeks", () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2027)).toBe(52);
  });
});

describe("the last complete period", () => {
  it("is last Monday to Sunday, whatever the day and hour of this week", () => {
    const week48 = { cadence: "WEEKLY", key: "2026-W48", from: "2026-11-23", to: "2026-11-29" };
    expect(lastCompletePeriod("WEEKLY", at("2026-11-30T00:00:00Z"))).toEqual(week48);
    expect(lastCompletePeriod("WEEKLY", at("2026-12-02T12:00:00Z"))).toEqual(week48);
    expect(lastCompletePeriod("WEEKLY", at("2026-12-06T23:59:59Z"))).toEqual(week48);
    // Sunday night is still inside week 48: the last complete one is 47.
    expect(lastCompletePeriod("WEEKLY", at("2026-11-29T23:59:59Z")).key).toBe("2026-W47");
  });

  it("crosses year boundaries", () => {
    expect(lastCompletePeriod("WEEKLY", at("2027-01-05T06:00:00Z"))).toEqual({ cadence: "WEEKLY", key: "2026-W53", from: "2026-12-28", to: "2027-01-03" });
    expect(lastCompletePeriod("WEEKLY", at("2026-01-06T06:00:00Z"))).toEqual({ cadence: "WEEKLY", key: "2026-W01", from: "2025-12-29", to: "2026-01-04" });
    expect(lastCompletePeriod("WEEKLY", at("2026-01-01T06:00:00Z"))).toEqual({ cadence: "WEEKLY", key: "2025-W52", from: "2025-12-22", to: "2025-12-28" });
    expect(lastCompletePeriod("MONTHLY", at("2027-01-01T00:00:00Z"))).toEqual({ cadence: "MONTHLY", key: "2026-12", from: "2026-12-01", to: "2026-12-31" });
  });

  it("is last calendar month, with its own length", () => {
    expect(lastCompletePeriod("MONTHLY", at("2026-12-01T06:00:00Z"))).toEqual({ cadence: "MONTHLY", key: "2026-11", from: "2026-11-01", to: "2026-11-30" });
    expect(lastCompletePeriod("MONTHLY", at("2028-03-31T23:00:00Z"))).toEqual({ cadence: "MONTHLY", key: "2028-02", from: "2028-02-01", to: "2028-02-29" });
    expect(lastCompletePeriod("MONTHLY", at("2026-11-30T23:59:59Z")).key).toBe("2026-10");
  });

  it("lists the recent periods newest first, across years", () => {
    expect(recentPeriods("WEEKLY", at("2026-01-06T06:00:00Z"), 3).map((p) => p.key)).toEqual(["2026-W01", "2025-W52", "2025-W51"]);
    expect(recentPeriods("MONTHLY", at("2026-02-10T06:00:00Z"), 3).map((p) => p.key)).toEqual(["2026-01", "2025-12", "2025-11"]);
  });
});

describe("period keys", () => {
  it("read back the period they name", () => {
    expect(parsePeriod("WEEKLY", "2026-W53")).toEqual({ cadence: "WEEKLY", key: "2026-W53", from: "2026-12-28", to: "2027-01-03" });
    expect(parsePeriod("WEEKLY", "2026-W01")?.from).toBe("2025-12-29");
    expect(parsePeriod("MONTHLY", "2024-02")).toEqual({ cadence: "MONTHLY", key: "2024-02", from: "2024-02-01", to: "2024-02-29" });
  });

  it("refuse what is not a period of the cadence", () => {
    expect(parsePeriod("WEEKLY", "2025-W53")).toBeNull();
    expect(parsePeriod("WEEKLY", "2026-W00")).toBeNull();
    expect(parsePeriod("WEEKLY", "2026-11")).toBeNull();
    expect(parsePeriod("MONTHLY", "2026-W48")).toBeNull();
    expect(parsePeriod("MONTHLY", "2026-13")).toBeNull();
    expect(parsePeriod("MONTHLY", "2026-00")).toBeNull();
    expect(parsePeriod("MONTHLY", "26-11")).toBeNull();
  });

  it("say whether a period has ended and read in words", () => {
    const nov = parsePeriod("MONTHLY", "2026-11")!;
    expect(isComplete(nov, at("2026-11-30T23:59:59Z"))).toBe(false);
    expect(isComplete(nov, at("2026-12-01T00:00:00Z"))).toBe(true);
    expect(periodWords(nov)).toBe("November 2026");
    expect(periodWords(parsePeriod("WEEKLY", "2026-W48")!)).toBe("Week 48, 2026 (23 Nov to 29 Nov 2026)");
  });
});
