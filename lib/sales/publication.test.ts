import { describe, expect, it } from "vitest";
import { latestPublishedDay, reportDueAt } from "./publication";

const at = (iso: string) => Date.parse(iso);

describe("when Apple publishes a day's sales report", () => {
  it("is 05:00 in Los Angeles the next day: 13:00 UTC in winter, 12:00 UTC in summer (plus ten minutes)", () => {
    expect(new Date(reportDueAt("2026-11-30")).toISOString()).toBe("2026-12-01T13:10:00.000Z");
    expect(new Date(reportDueAt("2026-07-14")).toISOString()).toBe("2026-07-15T12:10:00.000Z");
  });

  it("follows daylight saving time changes in Los Angeles, not in UTC", () => {
    // DST began 2026-03-08 at 02:00 local: 05:00 that morning is already PDT.
    expect(new Date(reportDueAt("2026-03-07")).toISOString()).toBe("2026-03-08T12:10:00.000Z");
    // DST ended 2026-11-01 at 02:00 local: 05:00 that morning is PST.
    expect(new Date(reportDueAt("2026-10-31")).toISOString()).toBe("2026-11-01T13:10:00.000Z");
  });

  it("knows the newest published day at awkward moments", () => {
    expect(latestPublishedDay(at("2026-12-01T00:30:00Z"))).toBe("2026-11-29");
    expect(latestPublishedDay(at("2026-12-01T13:09:00Z"))).toBe("2026-11-29");
    expect(latestPublishedDay(at("2026-12-01T13:10:00Z"))).toBe("2026-11-30");
    expect(latestPublishedDay(at("2026-12-01T23:30:00Z"))).toBe("2026-11-30");
    expect(latestPublishedDay(at("2028-02-29T00:30:00Z"))).toBe("2028-02-27");
    expect(latestPublishedDay(at("2028-03-01T14:00:00Z"))).toBe("2028-02-29");
    expect(latestPublishedDay(at("2027-01-01T00:30:00Z"))).toBe("2026-12-30");
  });
});
