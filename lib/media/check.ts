import type { ImageInfo, MovieInfo } from "./inspect";
import { LIMITS, PREVIEW_SPECS_URL, previewType, SCREENSHOT_SPECS_URL, screenshotType, sizesInWords } from "./specs";

/**
 * Whether App Store Connect would take a file, decided before anything is sent: format,
 * pixel size for the display type, transparency (screenshots), length (previews) and file
 * size. A refusal names the file and what is accepted.
 */

export type MediaKindName = "SCREENSHOT" | "PREVIEW";
export type Refusal = { file: string; message: string };

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export function checkFile(kind: MediaKindName, displayType: string, inspected: ImageInfo | MovieInfo, size: number, fileName: string): Refusal | null {
  const refuse = (message: string): Refusal => ({ file: fileName, message: `${fileName} ${message}` });
  if (size === 0) return refuse("is empty.");
  if (kind === "SCREENSHOT") {
    const spec = screenshotType(displayType);
    if (!spec) return refuse(`cannot go to "${displayType}", which is not a screenshot display type.`);
    if (size > LIMITS.SCREENSHOT.maxBytes) return refuse(`is larger than ${mb(LIMITS.SCREENSHOT.maxBytes)}, the most Apple takes for a screenshot.`);
    if (!inspected.format || !(LIMITS.SCREENSHOT.formats as readonly string[]).includes(inspected.format)) return refuse("is not a PNG or JPEG image; screenshots are .png or .jpg files.");
    const { width, height } = inspected;
    if (!spec.sizes.some(([w, h]) => w === width && h === height)) {
      const got = width && height ? `is ${width}×${height}` : "has no readable pixel size";
      return refuse(`${got}; ${spec.label} takes ${sizesInWords(spec.sizes)} (Apple's screenshot specifications: ${SCREENSHOT_SPECS_URL}).`);
    }
    if ("alpha" in inspected && inspected.alpha) return refuse("has transparency (an alpha channel); screenshots must be opaque.");
    return null;
  }
  const spec = previewType(displayType);
  if (!spec) return refuse(`cannot go to "${displayType}", which is not an app preview type.`);
  if (size > LIMITS.PREVIEW.maxBytes) return refuse(`is larger than ${mb(LIMITS.PREVIEW.maxBytes)}, the most Apple takes for an app preview.`);
  if (!inspected.format || !(LIMITS.PREVIEW.formats as readonly string[]).includes(inspected.format)) return refuse("is not a .mov, .m4v or .mp4 movie; app previews are one of those.");
  const { width, height } = inspected;
  if (!spec.sizes.some(([w, h]) => w === width && h === height)) {
    const got = width && height ? `is ${width}×${height}` : "has no readable frame size";
    return refuse(`${got}; an app preview for ${spec.label} is ${sizesInWords(spec.sizes)} (Apple's app preview specifications: ${PREVIEW_SPECS_URL}).`);
  }
  const seconds = "seconds" in inspected ? inspected.seconds : 0;
  if (seconds < LIMITS.PREVIEW.minSeconds || seconds > LIMITS.PREVIEW.maxSeconds) {
    return refuse(`is ${Math.round(seconds * 10) / 10} seconds long; app previews are ${LIMITS.PREVIEW.minSeconds} to ${LIMITS.PREVIEW.maxSeconds} seconds.`);
  }
  return null;
}

/** Apple's per-set limit, counting what the set holds, uploads on their way to it and the new files. */
export function checkCount(kind: MediaKindName, label: string, held: number, underWay: number, adding: number): string | null {
  const max = LIMITS[kind].max;
  if (held + underWay + adding <= max) return null;
  const what = kind === "SCREENSHOT" ? "screenshots" : "app previews";
  const room = Math.max(0, max - held - underWay);
  return `The ${label} set takes at most ${max} ${what}; it holds ${held}${underWay ? ` with ${underWay} more on the way` : ""}, so ${room === 0 ? "there is no room for more" : `only ${room} more fit`}.`;
}
