/**
 * What App Store Connect takes as screenshots and app previews, per display type: the names
 * people know them by, the pixel sizes accepted, the per-set limits and which sizes an app
 * must have. Sizes follow Apple's "Screenshot specifications"
 * (https://developer.apple.com/help/app-store-connect/reference/screenshot-specifications) and
 * "App preview specifications"
 * (https://developer.apple.com/help/app-store-connect/reference/app-preview-specifications);
 * the enum values are those of Apple's OpenAPI spec (ScreenshotDisplayType, PreviewType).
 */

export const SCREENSHOT_SPECS_URL = "https://developer.apple.com/help/app-store-connect/reference/screenshot-specifications";
export const PREVIEW_SPECS_URL = "https://developer.apple.com/help/app-store-connect/reference/app-preview-specifications";

export type Size = readonly [number, number];
export type Family = "iPhone" | "iPad" | "Mac" | "Apple TV" | "Apple Vision Pro" | "Apple Watch" | "iMessage";

/** Every size in portrait and in landscape. */
const both = (...sizes: Size[]): Size[] => sizes.flatMap(([w, h]) => [[w, h], [h, w]] as Size[]);

export type ScreenshotType = {
  /** Apple's screenshotDisplayType. */
  type: string;
  label: string;
  family: Family;
  sizes: Size[];
  /** The preview type of the same device, where Apple takes previews for it. */
  previewType?: string;
};

/** The screenshot display types, in the order App Store Connect lists them (largest first per family). */
export const SCREENSHOT_TYPES: ScreenshotType[] = [
  { type: "APP_IPHONE_67", label: 'iPhone 6.9"', family: "iPhone", sizes: both([1320, 2868], [1290, 2796], [1260, 2736]), previewType: "IPHONE_67" },
  { type: "APP_IPHONE_65", label: 'iPhone 6.5"', family: "iPhone", sizes: both([1284, 2778], [1242, 2688]), previewType: "IPHONE_65" },
  { type: "APP_IPHONE_61", label: 'iPhone 6.3"', family: "iPhone", sizes: both([1206, 2622], [1179, 2556]), previewType: "IPHONE_61" },
  { type: "APP_IPHONE_58", label: 'iPhone 6.1"', family: "iPhone", sizes: both([1170, 2532], [1125, 2436], [1080, 2340]), previewType: "IPHONE_58" },
  { type: "APP_IPHONE_55", label: 'iPhone 5.5"', family: "iPhone", sizes: both([1242, 2208]), previewType: "IPHONE_55" },
  { type: "APP_IPHONE_47", label: 'iPhone 4.7"', family: "iPhone", sizes: both([750, 1334]), previewType: "IPHONE_47" },
  { type: "APP_IPHONE_40", label: 'iPhone 4"', family: "iPhone", sizes: [[640, 1096], [640, 1136], [1136, 600], [1136, 640]], previewType: "IPHONE_40" },
  { type: "APP_IPHONE_35", label: 'iPhone 3.5"', family: "iPhone", sizes: [[640, 920], [640, 960], [960, 600], [960, 640]], previewType: "IPHONE_35" },
  { type: "APP_IPAD_PRO_3GEN_129", label: 'iPad 13"', family: "iPad", sizes: both([2064, 2752], [2048, 2732]), previewType: "IPAD_PRO_3GEN_129" },
  { type: "APP_IPAD_PRO_129", label: 'iPad 12.9" (2nd gen)', family: "iPad", sizes: both([2048, 2732]), previewType: "IPAD_PRO_129" },
  { type: "APP_IPAD_PRO_3GEN_11", label: 'iPad 11"', family: "iPad", sizes: both([1488, 2266], [1668, 2420], [1668, 2388], [1640, 2360]), previewType: "IPAD_PRO_3GEN_11" },
  { type: "APP_IPAD_105", label: 'iPad 10.5"', family: "iPad", sizes: both([1668, 2224]), previewType: "IPAD_105" },
  { type: "APP_IPAD_97", label: 'iPad 9.7"', family: "iPad", sizes: [[1024, 748], [1024, 768], [2048, 1496], [2048, 1536], [768, 1004], [768, 1024], [1536, 2008], [1536, 2048]], previewType: "IPAD_97" },
  { type: "APP_DESKTOP", label: "Mac", family: "Mac", sizes: [[1280, 800], [1440, 900], [2560, 1600], [2880, 1800]], previewType: "DESKTOP" },
  { type: "APP_APPLE_TV", label: "Apple TV", family: "Apple TV", sizes: [[1920, 1080], [3840, 2160]], previewType: "APPLE_TV" },
  { type: "APP_APPLE_VISION_PRO", label: "Apple Vision Pro", family: "Apple Vision Pro", sizes: [[3840, 2160]], previewType: "APPLE_VISION_PRO" },
  { type: "APP_WATCH_ULTRA", label: "Apple Watch Ultra", family: "Apple Watch", sizes: [[410, 502], [422, 514]] },
  { type: "APP_WATCH_SERIES_10", label: "Apple Watch Series 10", family: "Apple Watch", sizes: [[416, 496]] },
  { type: "APP_WATCH_SERIES_7", label: "Apple Watch Series 7", family: "Apple Watch", sizes: [[396, 484]] },
  { type: "APP_WATCH_SERIES_4", label: "Apple Watch Series 4", family: "Apple Watch", sizes: [[368, 448]] },
  { type: "APP_WATCH_SERIES_3", label: "Apple Watch Series 3", family: "Apple Watch", sizes: [[312, 390]] },
];

/** iMessage apps take the same sizes as the app's own display types. */
for (const t of SCREENSHOT_TYPES.filter((s) => s.family === "iPhone" || s.family === "iPad")) {
  if (t.type === "APP_IPHONE_35") continue;
  SCREENSHOT_TYPES.push({ type: t.type.replace(/^APP_/, "IMESSAGE_APP_"), label: `iMessage ${t.label}`, family: "iMessage", sizes: t.sizes });
}

export type PreviewSpec = { type: string; label: string; family: Family; sizes: Size[] };

/** App preview types and the video sizes each takes (Apple's app preview specifications). */
export const PREVIEW_TYPES: PreviewSpec[] = [
  { type: "IPHONE_67", label: 'iPhone 6.9"', family: "iPhone", sizes: both([886, 1920]) },
  { type: "IPHONE_65", label: 'iPhone 6.5"', family: "iPhone", sizes: both([886, 1920]) },
  { type: "IPHONE_61", label: 'iPhone 6.3"', family: "iPhone", sizes: both([886, 1920]) },
  { type: "IPHONE_58", label: 'iPhone 6.1"', family: "iPhone", sizes: both([886, 1920]) },
  { type: "IPHONE_55", label: 'iPhone 5.5"', family: "iPhone", sizes: both([1080, 1920]) },
  { type: "IPHONE_47", label: 'iPhone 4.7"', family: "iPhone", sizes: both([750, 1334]) },
  { type: "IPHONE_40", label: 'iPhone 4"', family: "iPhone", sizes: both([1080, 1920]) },
  { type: "IPHONE_35", label: 'iPhone 3.5"', family: "iPhone", sizes: both([640, 960]) },
  { type: "IPAD_PRO_3GEN_129", label: 'iPad 13"', family: "iPad", sizes: both([1200, 1600]) },
  { type: "IPAD_PRO_129", label: 'iPad 12.9" (2nd gen)', family: "iPad", sizes: both([1200, 1600]) },
  { type: "IPAD_PRO_3GEN_11", label: 'iPad 11"', family: "iPad", sizes: both([1200, 1600]) },
  { type: "IPAD_105", label: 'iPad 10.5"', family: "iPad", sizes: both([1200, 1600]) },
  { type: "IPAD_97", label: 'iPad 9.7"', family: "iPad", sizes: both([900, 1200]) },
  { type: "DESKTOP", label: "Mac", family: "Mac", sizes: [[1920, 1080]] },
  { type: "APPLE_TV", label: "Apple TV", family: "Apple TV", sizes: [[1920, 1080]] },
  { type: "APPLE_VISION_PRO", label: "Apple Vision Pro", family: "Apple Vision Pro", sizes: [[3840, 2160]] },
];

/** Per set: at most 10 screenshots and 3 previews; a set needs 1 screenshot to count. */
export const LIMITS = {
  SCREENSHOT: { max: 10, maxBytes: 30 * 1024 * 1024, formats: ["PNG", "JPEG"] as const },
  /** Apple: .mov, .m4v or .mp4, 15 to 30 seconds, at most 500 MB. */
  PREVIEW: { max: 3, maxBytes: 500 * 1024 * 1024, minSeconds: 15, maxSeconds: 30, formats: ["MOV", "M4V", "MP4"] as const },
} as const;

export const screenshotType = (type: string) => SCREENSHOT_TYPES.find((t) => t.type === type);
export const previewType = (type: string) => PREVIEW_TYPES.find((t) => t.type === type);

/** Sizes in words, for a refusal: "1320×2868, 2868×1320 or 1290×2796". */
export function sizesInWords(sizes: readonly Size[]): string {
  const all = sizes.map(([w, h]) => `${w}×${h}`);
  return all.length > 1 ? `${all.slice(0, -1).join(", ")} or ${all[all.length - 1]}` : (all[0] ?? "none");
}

/**
 * The screenshot display type a file of this size belongs to, as fastlane's deliver finds it:
 * the first type (largest device first) whose accepted sizes include it exactly. iMessage
 * types are never guessed; null when no type takes that size.
 */
export function detectDisplayType(width: number, height: number): string | null {
  return SCREENSHOT_TYPES.find((t) => t.family !== "iMessage" && t.sizes.some(([w, h]) => w === width && h === height))?.type ?? null;
}

/**
 * Which screenshot sizes a version must have, by platform: an iPhone app needs 6.9" (6.5" is
 * taken in its place), an app that runs on iPad needs 13" (12.9" 2nd gen is taken in its
 * place), a Mac app a Mac set, and so on. Each requirement is a list of types any one of which
 * satisfies it.
 */
export function requiredTypes(platform: string | null, runsOnIpad: boolean): { family: Family; anyOf: string[] }[] {
  switch (platform) {
    case "MAC_OS":
      return [{ family: "Mac", anyOf: ["APP_DESKTOP"] }];
    case "TV_OS":
      return [{ family: "Apple TV", anyOf: ["APP_APPLE_TV"] }];
    case "VISION_OS":
      return [{ family: "Apple Vision Pro", anyOf: ["APP_APPLE_VISION_PRO"] }];
    default:
      return [{ family: "iPhone", anyOf: ["APP_IPHONE_67", "APP_IPHONE_65"] }, ...(runsOnIpad ? [{ family: "iPad" as Family, anyOf: ["APP_IPAD_PRO_3GEN_129", "APP_IPAD_PRO_129"] }] : [])];
  }
}

/** The display types shown as columns for a platform: the ones that matter first, then the rest of its families. */
export function columnsFor(platform: string | null): string[] {
  const families: Family[] = platform === "MAC_OS" ? ["Mac"] : platform === "TV_OS" ? ["Apple TV"] : platform === "VISION_OS" ? ["Apple Vision Pro"] : ["iPhone", "iPad"];
  return SCREENSHOT_TYPES.filter((t) => families.includes(t.family)).map((t) => t.type);
}
