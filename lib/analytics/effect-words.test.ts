import { describe, expect, it } from "vitest";
import { changeWithInterval, pointsWords, rateWords, relativeWords } from "./effect-words";

describe("the effect in words", () => {
  it("signs relative changes and names the interval", () => {
    expect(changeWithInterval(0.198, [0.121, 0.28])).toBe("+19.8% (95% CI +12.1% to +28.0%)");
    expect(changeWithInterval(-0.05, [-0.1, 0.002])).toBe("−5.0% (95% CI −10.0% to +0.2%)");
    expect(changeWithInterval(null, null)).toBe("n/a");
    expect(relativeWords(0)).toBe("0.0%");
  });

  it("gives rates in percent and differences in points", () => {
    expect(rateWords(0.066666)).toBe("6.67%");
    expect(pointsWords(0.0107)).toBe("+1.07 points");
    expect(pointsWords(-0.0002)).toBe("−0.02 points");
    expect(pointsWords(0)).toBe("0.00 points");
  });
});
