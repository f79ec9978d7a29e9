import { describe, expect, it } from "vitest";
import { afterQuietHours, digestPeriod } from "./raise";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("when an alert may go", () => {
  it("waits out quiet hours in the organisation's time zone, across midnight too", () => {
    // 22:00–07:00 in Berlin (UTC+1 in December).
    const quiet = { from: 22 * 60, to: 7 * 60 };
    expect(iso(afterQuietHours(at("2026-12-01T21:30:00Z"), "Europe/Berlin", quiet))).toBe("2026-12-02T06:00:00.000Z");
    expect(afterQuietHours(at("2026-12-01T20:30:00Z"), "Europe/Berlin", quiet)).toBe(at("2026-12-01T20:30:00Z"));
    expect(iso(afterQuietHours(at("2026-12-01T23:30:00Z"), "Europe/Berlin", quiet))).toBe("2026-12-02T06:00:00.000Z");
    expect(iso(afterQuietHours(at("2026-12-02T06:00:00Z"), "Europe/Berlin", quiet))).toBe("2026-12-02T06:00:00.000Z");
    expect(afterQuietHours(at("2026-12-01T12:00:00Z"), "Europe/Berlin", quiet)).toBe(at("2026-12-01T12:00:00Z"));
    // A window within one day, and none at all.
    expect(iso(afterQuietHours(at("2026-12-01T12:15:00Z"), "UTC", { from: 12 * 60, to: 13 * 60 }))).toBe("2026-12-01T13:00:00.000Z");
    expect(afterQuietHours(at("2026-12-01T12:15:00Z"), "UTC", { from: null, to: null })).toBe(at("2026-12-01T12:15:00Z"));
  });

  it("gathers digests by the UTC hour, or by the day in the organisation's time zone", () => {
    expect(digestPeriod(at("2026-12-01T00:30:00Z"), "HOURLY", "UTC")).toEqual({ key: "2026-12-01T00", endsAt: at("2026-12-01T01:00:00Z") });
    expect(digestPeriod(at("2026-11-30T23:30:00Z"), "HOURLY", "UTC")).toEqual({ key: "2026-11-30T23", endsAt: at("2026-12-01T00:00:00Z") });
    // 23:30 UTC on 30 Nov is already 1 Dec in Tokyo, whose day ends at 15:00 UTC.
    expect(digestPeriod(at("2026-11-30T23:30:00Z"), "DAILY", "Asia/Tokyo")).toEqual({ key: "2026-12-01", endsAt: at("2026-12-01T15:00:00Z") });
    expect(digestPeriod(at("2026-12-01T00:30:00Z"), "DAILY", "UTC")).toEqual({ key: "2026-12-01", endsAt: at("2026-12-02T00:00:00Z") });
  });
});

describe("across a daylight-saving change", () => {
  it("ends a Berlin day at local midnight and quiet hours at their local end", () => {
    // 25 Oct 2026: Berlin goes from UTC+2 to UTC+1 at 01:00 UTC.
    expect(digestPeriod(at("2026-10-25T00:30:00Z"), "DAILY", "Europe/Berlin")).toEqual({ key: "2026-10-25", endsAt: at("2026-10-25T23:00:00Z") });
    // 22:00–07:00: at 23:30 local (UTC+2) on the 24th, it ends at 07:00 local (UTC+1) on the 25th.
    expect(iso(afterQuietHours(at("2026-10-24T21:30:00Z"), "Europe/Berlin", { from: 22 * 60, to: 7 * 60 }))).toBe("2026-10-25T06:00:00.000Z");
    // 29 Mar 2026: from UTC+1 to UTC+2; the night is an hour shorter.
    expect(iso(afterQuietHours(at("2026-03-28T22:30:00Z"), "Europe/Berlin", { from: 22 * 60, to: 7 * 60 }))).toBe("2026-03-29T05:00:00.000Z");
    expect(digestPeriod(at("2026-03-29T00:30:00Z"), "DAILY", "Europe/Berlin")).toEqual({ key: "2026-03-29", endsAt: at("2026-03-29T22:00:00Z") });
  });
});
