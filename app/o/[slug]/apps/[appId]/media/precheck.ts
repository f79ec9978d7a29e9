import { LIMITS, SCREENSHOT_SPECS_URL, screenshotType, sizesInWords } from "@/lib/media/specs";

type Header = { format: "PNG" | "JPEG"; width: number; height: number; alpha: boolean } | null;

/** Format, size and transparency from the first bytes of a PNG or JPEG; null for anything else. */
export function readImageHeader(b: Uint8Array): Header {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const isPng = b.length >= 33 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x);
  if (isPng) {
    const colourType = b[25];
    let alpha = colourType === 4 || colourType === 6;
    // A palette or grey/RGB image can still carry transparency in a tRNS chunk, which comes before the image data.
    for (let at = 8; at + 8 <= b.length; ) {
      const len = v.getUint32(at);
      const type = String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
      if (type === "tRNS") alpha = true;
      if (type === "IDAT" || type === "IEND") break;
      at += 12 + len;
    }
    return { format: "PNG", width: v.getUint32(16), height: v.getUint32(20), alpha };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    for (let at = 2; at + 9 < b.length; ) {
      if (b[at] !== 0xff) return null;
      const marker = b[at + 1];
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2;
        continue;
      }
      // Start-of-frame markers (C0–CF but not the DHT, JPG and DAC ones) hold the size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: "JPEG", width: v.getUint16(at + 7), height: v.getUint16(at + 5), alpha: false };
      }
      at += 2 + v.getUint16(at + 2);
    }
  }
  return null;
}

/**
 * The refusal the server would give a screenshot (the same words as lib/media/check.ts), found in the browser before anything is
 * sent: format, size for the display type, transparency and file size. Null when the file
 * looks acceptable (the server checks again either way).
 */
export async function precheckScreenshot(file: File, displayType: string): Promise<string | null> {
  const spec = screenshotType(displayType);
  if (!spec) return null;
  if (file.size > LIMITS.SCREENSHOT.maxBytes) return `${file.name} is larger than ${LIMITS.SCREENSHOT.maxBytes / 1024 / 1024} MB, the most Apple takes for a screenshot.`;
  const head = readImageHeader(new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer()));
  if (!head) return `${file.name} is not a PNG or JPEG image; screenshots are .png or .jpg files.`;
  if (!spec.sizes.some(([w, h]) => w === head.width && h === head.height)) {
    return `${file.name} is ${head.width}×${head.height}; ${spec.label} takes ${sizesInWords(spec.sizes)} (Apple's screenshot specifications: ${SCREENSHOT_SPECS_URL}).`;
  }
  if (head.alpha) return `${file.name} has transparency (an alpha channel); screenshots must be opaque.`;
  return null;
}
