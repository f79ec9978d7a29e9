import { describe, expect, it } from "vitest";
import { columnsFor, detectDisplayType, PREVIEW_TYPES, requiredTypes, SCREENSHOT_TYPES, screenshotType, sizesInWords } from "./specs";

describe("media specifications", () => {
  it("detects the display type from exact pixels, as fastlane does, in either orientation", () => {
    expect(detectDisplayType(1320, 2868)).toBe("APP_IPHONE_67");
    expect(detectDisplayType(2868, 1320)).toBe("APP_IPHONE_67");
    expect(detectDisplayType(1284, 2778)).toBe("APP_IPHONE_65");
    expect(detectDisplayType(1242, 2208)).toBe("APP_IPHONE_55");
    expect(detectDisplayType(2064, 2752)).toBe("APP_IPAD_PRO_3GEN_129");
    expect(detectDisplayType(2880, 1800)).toBe("APP_DESKTOP");
    expect(detectDisplayType(1000, 2000)).toBeNull();
  });

  it("takes 2048×2732 as the 13-inch iPad, the larger type listing it first", () => {
    expect(detectDisplayType(2048, 2732)).toBe("APP_IPAD_PRO_3GEN_129");
    expect(screenshotType("APP_IPAD_PRO_129")?.sizes).toContainEqual([2048, 2732]);
  });

  it("never guesses an iMessage type, though each takes its app type's sizes", () => {
    const imessage = screenshotType("IMESSAGE_APP_IPHONE_67");
    expect(imessage?.sizes).toEqual(screenshotType("APP_IPHONE_67")?.sizes);
    expect(SCREENSHOT_TYPES.filter((t) => t.family === "iMessage").map((t) => t.type)).not.toContain("IMESSAGE_APP_IPHONE_35");
  });

  it("lists Apple's enum values only once each", () => {
    const types = SCREENSHOT_TYPES.map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toHaveLength(33);
    expect(PREVIEW_TYPES).toHaveLength(16);
  });

  it("says accepted sizes in words", () => {
    expect(sizesInWords([[1, 2]])).toBe("1×2");
    expect(sizesInWords([[1, 2], [2, 1], [3, 4]])).toBe("1×2, 2×1 or 3×4");
  });

  it("requires 6.9-inch (or 6.5-inch) for iPhone apps and 13-inch (or 12.9-inch) when the app runs on iPad", () => {
    expect(requiredTypes("IOS", false)).toEqual([{ family: "iPhone", anyOf: ["APP_IPHONE_67", "APP_IPHONE_65"] }]);
    expect(requiredTypes("IOS", true).map((r) => r.family)).toEqual(["iPhone", "iPad"]);
    expect(requiredTypes("MAC_OS", false)).toEqual([{ family: "Mac", anyOf: ["APP_DESKTOP"] }]);
    expect(columnsFor("IOS").slice(0, 2)).toEqual(["APP_IPHONE_67", "APP_IPHONE_65"]);
    expect(columnsFor("IOS")).toContain("APP_IPAD_PRO_3GEN_129");
    expect(columnsFor("TV_OS")).toEqual(["APP_APPLE_TV"]);
  });
});
