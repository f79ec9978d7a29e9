import { describe, expect, it } from "vitest";
import { STOREFRONT_LOCALES as SIM_LOCALES } from "@/tests/asc-sim/analytics-traffic";
import { STOREFRONT_LOCALES, STOREFRONTS, territoriesShowing } from "./storefronts";

describe("the storefront → localizations table", () => {
  it("covers Apple's 175 storefronts, each with at least one locale", () => {
    expect(STOREFRONTS).toHaveLength(175);
    for (const t of STOREFRONTS) {
      expect(t).toMatch(/^[A-Z]{2}$/);
      expect(STOREFRONT_LOCALES[t].length, t).toBeGreaterThan(0);
    }
  });

  it("agrees with the simulator's table for every territory it generates traffic for", () => {
    for (const [territory, locales] of Object.entries(SIM_LOCALES)) expect([...STOREFRONT_LOCALES[territory]].sort(), territory).toEqual([...locales].sort());
  });

  it("names the territories showing a locale", () => {
    expect(territoriesShowing("de-DE")).toEqual(["AT", "CH", "DE", "LU"]);
    expect(territoriesShowing("ja")).toEqual(["JP"]);
    expect(territoriesShowing("en-US")).toContain("US");
    expect(territoriesShowing("en-US")).not.toContain("GB");
    expect(territoriesShowing("xx-YY")).toEqual([]);
  });
});
