/**
 * What App Store Connect accepts as screenshots and app previews: Apple's enums (OpenAPI
 * spec 4.4.1, components.schemas.ScreenshotDisplayType and PreviewType), the pixel sizes
 * each display type takes, and what the simulator reads from a file's first bytes.
 */

export const SCREENSHOT_DISPLAY_TYPES = [
  "APP_IPHONE_67", "APP_IPHONE_61", "APP_IPHONE_65", "APP_IPHONE_58", "APP_IPHONE_55", "APP_IPHONE_47", "APP_IPHONE_40", "APP_IPHONE_35",
  "APP_IPAD_PRO_3GEN_129", "APP_IPAD_PRO_3GEN_11", "APP_IPAD_PRO_129", "APP_IPAD_105", "APP_IPAD_97", "APP_DESKTOP",
  "APP_WATCH_ULTRA", "APP_WATCH_SERIES_10", "APP_WATCH_SERIES_7", "APP_WATCH_SERIES_4", "APP_WATCH_SERIES_3", "APP_APPLE_TV", "APP_APPLE_VISION_PRO",
  "IMESSAGE_APP_IPHONE_67", "IMESSAGE_APP_IPHONE_61", "IMESSAGE_APP_IPHONE_65", "IMESSAGE_APP_IPHONE_58", "IMESSAGE_APP_IPHONE_55", "IMESSAGE_APP_IPHONE_47", "IMESSAGE_APP_IPHONE_40",
  "IMESSAGE_APP_IPAD_PRO_3GEN_129", "IMESSAGE_APP_IPAD_PRO_3GEN_11", "IMESSAGE_APP_IPAD_PRO_129", "IMESSAGE_APP_IPAD_105", "IMESSAGE_APP_IPAD_97",
] as const;
export type ScreenshotDisplayType = (typeof SCREENSHOT_DISPLAY_TYPES)[number];

export const PREVIEW_TYPES = [
  "IPHONE_67", "IPHONE_61", "IPHONE_65", "IPHONE_58", "IPHONE_55", "IPHONE_47", "IPHONE_40", "IPHONE_35",
  "IPAD_PRO_3GEN_129", "IPAD_PRO_3GEN_11", "IPAD_PRO_129", "IPAD_105", "IPAD_97", "DESKTOP", "APPLE_TV", "APPLE_VISION_PRO",
] as const;
export type PreviewType = (typeof PREVIEW_TYPES)[number];

type Size = [number, number];
const withLandscape = (sizes: Size[]): Size[] => sizes.flatMap(([w, h]) => [[w, h], [h, w]] as Size[]);

/**
 * Accepted pixel sizes per display type: fastlane's table (deliver/lib/deliver/app_screenshot.rb,
 * DEVICE_RESOLUTIONS), which cites Apple's "Screenshot specifications" page. Where the asc CLI's
 * narrower table disagrees, fastlane's is kept: public reports of Apple refusing 1284×2778 in
 * an APP_IPHONE_67 set agree with it.
 */
const APP_SIZES: Record<string, Size[]> = {
  IPHONE_67: withLandscape([[1260, 2736], [1290, 2796], [1320, 2868]]),
  IPHONE_65: withLandscape([[1242, 2688], [1284, 2778]]),
  IPHONE_61: withLandscape([[1179, 2556], [1206, 2622]]),
  IPHONE_58: withLandscape([[1170, 2532], [1125, 2436], [1080, 2340]]),
  IPHONE_55: withLandscape([[1242, 2208]]),
  IPHONE_47: withLandscape([[750, 1334]]),
  IPHONE_40: [[640, 1096], [640, 1136], [1136, 600], [1136, 640]],
  IPHONE_35: [[640, 920], [640, 960], [960, 600], [960, 640]],
  IPAD_PRO_3GEN_129: withLandscape([[2048, 2732], [2064, 2752]]),
  IPAD_PRO_129: withLandscape([[2048, 2732]]),
  IPAD_PRO_3GEN_11: withLandscape([[1488, 2266], [1668, 2420], [1668, 2388], [1640, 2360]]),
  IPAD_105: withLandscape([[1668, 2224]]),
  IPAD_97: [[1024, 748], [1024, 768], [2048, 1496], [2048, 1536], [768, 1004], [768, 1024], [1536, 2008], [1536, 2048]],
  DESKTOP: [[1280, 800], [1440, 900], [2560, 1600], [2880, 1800]],
  APPLE_TV: [[1920, 1080], [3840, 2160]],
  APPLE_VISION_PRO: [[3840, 2160]],
  WATCH_ULTRA: [[410, 502], [422, 514]],
  WATCH_SERIES_10: [[416, 496]],
  WATCH_SERIES_7: [[396, 484]],
  WATCH_SERIES_4: [[368, 448]],
  WATCH_SERIES_3: [[312, 390]],
};

/** The sizes a display type takes; iMessage types take their APP_ counterpart's. */
export function acceptedSizes(type: ScreenshotDisplayType): Size[] {
  return APP_SIZES[type.replace(/^(IMESSAGE_)?APP_/, "")] ?? [];
}

export type ImageInfo = { format: "PNG" | "JPEG"; width: number; height: number; alpha: boolean } | { format: null };

/**
 * Format, size and alpha from a file's header: a PNG's IHDR (colour types 4 and 6 carry
 * alpha, and a tRNS chunk makes any other type transparent), a JPEG's first frame header
 * (SOF0 to SOF15, except the DHT, JPG and DAC markers). JPEG has no alpha.
 */
export function readImage(bytes: Buffer): ImageInfo {
  if (bytes.length >= 33 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && bytes.toString("ascii", 12, 16) === "IHDR") {
    const colourType = bytes[25];
    let alpha = colourType === 4 || colourType === 6;
    for (let at = 8; at + 8 <= bytes.length; ) {
      const len = bytes.readUInt32BE(at);
      const type = bytes.toString("ascii", at + 4, at + 8);
      if (type === "tRNS") alpha = true;
      if (type === "IDAT" || type === "IEND") break;
      at += 12 + len;
    }
    return { format: "PNG", width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), alpha };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let at = 2; at + 9 < bytes.length; ) {
      if (bytes[at] !== 0xff) break;
      const marker = bytes[at + 1];
      const len = bytes.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: "JPEG", height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7), alpha: false };
      }
      at += 2 + len;
    }
  }
  return { format: null };
}

/** An MP4, M4V or QuickTime movie starts with a box whose type is ftyp (or, in old QuickTime files, moov, mdat, wide or free). */
export function looksLikeMovie(bytes: Buffer): boolean {
  return bytes.length >= 8 && ["ftyp", "moov", "mdat", "wide", "free"].includes(bytes.toString("ascii", 4, 8));
}
