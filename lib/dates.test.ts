import { describe, expect, it } from "vitest";
import { compactRange, longDay, monthWords, rangeWords, shortDay, utcWords } from "./dates";

describe("days in words", () => {
  it("names a day, a month and a moment in UTC with fixed month names", () => {
    expect(longDay("2026-10-03")).toBe("3 Oct 2026");
    expect(shortDay("2026-12-01")).toBe("1 Dec");
    expect(monthWords("2026-02")).toBe("Feb 2026");
    expect(monthWords("2026-02-14")).toBe("Feb 2026");
    // 23:30 UTC stays on its own day wherever the server runs.
    expect(utcWords(new Date("2026-11-30T23:30:00Z"))).toBe("30 Nov 2026 23:30 UTC");
  });

  it("words ranges with the year once, or twice when they span two", () => {
    expect(rangeWords({ from: "2026-10-23", to: "2026-11-21" })).toBe("23 Oct to 21 Nov 2026");
    expect(rangeWords({ from: "2025-12-31", to: "2026-01-01" })).toBe("31 Dec 2025 to 1 Jan 2026");
    expect(rangeWords({ from: "2026-11-21", to: "2026-11-21" })).toBe("21 Nov 2026");
    expect(compactRange({ from: "2026-11-30", to: "2026-12-02" })).toBe("30 Nov–2 Dec");
    expect(compactRange({ from: "2025-12-30", to: "2026-01-02" })).toBe("30 Dec 2025–2 Jan 2026");
  });
});
