import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIDELITY, renderFidelity } from "../asc-sim/fidelity";

describe("the simulator's fidelity catalogue", () => {
  it("lists at least 30 behaviours, each with a source", () => {
    expect(FIDELITY.length).toBeGreaterThanOrEqual(30);
    for (const e of FIDELITY) expect(e.sources.length, e.behaviour).toBeGreaterThan(0);
  });

  it("names only tests that exist", () => {
    const missing: string[] = [];
    for (const e of FIDELITY) {
      for (const t of e.tests) {
        if (!existsSync(t.file)) missing.push(`${t.file} (no such file)`);
        else if (!/\b(it|test)\(/.test(readFileSync(t.file, "utf8")) || !readFileSync(t.file, "utf8").includes(`"${t.name}"`)) missing.push(`${t.file}: ${t.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("is what FIDELITY.md says (run npm run asc:fidelity after changing it)", () => {
    expect(readFileSync("tests/asc-sim/FIDELITY.md", "utf8")).toBe(renderFidelity());
  });
});
