import { describe, expect, it } from "vitest";
import { checkCount, checkFile } from "./check";
import { SCREENSHOT_SPECS_URL } from "./specs";

const image = (width: number, height: number, alpha = false, format: "PNG" | "JPEG" | null = "PNG") => ({ format, width, height, alpha });
const movie = (width: number, height: number, seconds: number, format: "MP4" | "MOV" | "M4V" | null = "MP4") => ({ format, width, height, seconds });

describe("checkFile", () => {
  it("takes an opaque PNG or a JPEG of a size the display type accepts, portrait or landscape", () => {
    expect(checkFile("SCREENSHOT", "APP_IPHONE_67", image(1320, 2868), 50_000, "a.png")).toBeNull();
    expect(checkFile("SCREENSHOT", "APP_IPHONE_67", image(2796, 1290, false, "JPEG"), 50_000, "b.jpg")).toBeNull();
  });

  it("refuses a wrong size, naming the file, the display type, every accepted size and Apple's page", () => {
    const r = checkFile("SCREENSHOT", "APP_IPHONE_67", image(1000, 2000), 50_000, "shot.png");
    expect(r?.file).toBe("shot.png");
    expect(r?.message).toBe(`shot.png is 1000×2000; iPhone 6.9" takes 1320×2868, 2868×1320, 1290×2796, 2796×1290, 1260×2736 or 2736×1260 (Apple's screenshot specifications: ${SCREENSHOT_SPECS_URL}).`);
    // A 6.5" size is not a 6.9" one.
    expect(checkFile("SCREENSHOT", "APP_IPHONE_67", image(1284, 2778), 50_000, "x.png")?.message).toContain("is 1284×2778");
  });

  it("refuses transparency, other formats, oversized files and unknown display types", () => {
    expect(checkFile("SCREENSHOT", "APP_IPHONE_67", image(1320, 2868, true), 50_000, "clear.png")?.message).toBe("clear.png has transparency (an alpha channel); screenshots must be opaque.");
    expect(checkFile("SCREENSHOT", "APP_IPHONE_67", image(0, 0, false, null), 50_000, "a.gif")?.message).toMatch(/a\.gif is not a PNG or JPEG/);
    expect(checkFile("SCREENSHOT", "APP_IPHONE_67", image(1320, 2868), 31 * 1024 * 1024, "big.png")?.message).toMatch(/larger than 30 MB/);
    expect(checkFile("SCREENSHOT", "APP_IPHONE_99", image(1320, 2868), 50_000, "a.png")?.message).toMatch(/not a screenshot display type/);
    expect(checkFile("SCREENSHOT", "APP_IPHONE_67", image(1320, 2868), 0, "empty.png")?.message).toBe("empty.png is empty.");
  });

  it("takes a preview of the right frame size and 15 to 30 seconds, and refuses others", () => {
    expect(checkFile("PREVIEW", "IPHONE_67", movie(886, 1920, 20), 5_000_000, "p.mp4")).toBeNull();
    expect(checkFile("PREVIEW", "IPHONE_67", movie(886, 1920, 12), 5_000_000, "short.mp4")?.message).toBe("short.mp4 is 12 seconds long; app previews are 15 to 30 seconds.");
    expect(checkFile("PREVIEW", "IPHONE_67", movie(886, 1920, 31), 5_000_000, "long.mov")?.message).toMatch(/31 seconds long/);
    expect(checkFile("PREVIEW", "IPHONE_67", movie(1080, 1920, 20), 5_000_000, "p.mp4")?.message).toMatch(/is 1080×1920; an app preview for iPhone 6.9" is 886×1920 or 1920×886/);
    expect(checkFile("PREVIEW", "IPHONE_67", movie(0, 0, 0, null), 5_000_000, "p.avi")?.message).toMatch(/not a \.mov, \.m4v or \.mp4/);
  });
});

describe("checkCount", () => {
  it("counts what the set holds, uploads on the way and the new files against Apple's limit", () => {
    expect(checkCount("SCREENSHOT", 'iPhone 6.9"', 7, 0, 3)).toBeNull();
    expect(checkCount("SCREENSHOT", 'iPhone 6.9"', 7, 1, 3)).toBe('The iPhone 6.9" set takes at most 10 screenshots; it holds 7 with 1 more on the way, so only 2 more fit.');
    expect(checkCount("PREVIEW", 'iPhone 6.9"', 3, 0, 1)).toMatch(/at most 3 app previews; it holds 3, so there is no room for more/);
  });
});
