import { open, type FileHandle } from "node:fs/promises";

/**
 * What a staged file is, read from its own bytes rather than its name: an image's format,
 * pixel size and whether it has an alpha channel (from the first 64 KiB), a movie's
 * container, frame size and length (from its boxes, wherever in the file they are).
 */

export type ImageInfo = { format: "PNG" | "JPEG" | null; width: number; height: number; alpha: boolean };
export type MovieInfo = { format: "MP4" | "MOV" | "M4V" | null; width: number; height: number; seconds: number };

const HEAD_BYTES = 64 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const NONE: ImageInfo = { format: null, width: 0, height: 0, alpha: false };

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** PNG: IHDR's size and colour type (4 and 6 carry alpha); a tRNS chunk before the image data makes any type transparent. */
function pngInfo(head: Buffer): ImageInfo | null {
  if (head.length < 33 || !head.subarray(0, 8).equals(PNG_SIGNATURE) || head.toString("ascii", 12, 16) !== "IHDR") return null;
  const colourType = head[25];
  let alpha = colourType === 4 || colourType === 6;
  for (let at = 8; at + 8 <= head.length; ) {
    const type = head.toString("ascii", at + 4, at + 8);
    if (type === "tRNS") alpha = true;
    if (type === "IDAT" || type === "IEND") break;
    at += 12 + head.readUInt32BE(at);
  }
  return { format: "PNG", width: head.readUInt32BE(16), height: head.readUInt32BE(20), alpha };
}

/** JPEG: the first frame header (SOF0–SOF15 but DHT, JPG and DAC), walking segments from disk since EXIF may pass 64 KiB. */
async function jpegInfo(fh: FileHandle, head: Buffer): Promise<ImageInfo | null> {
  if (head.length < 4 || head[0] !== 0xff || head[1] !== 0xd8) return null;
  let at = 2;
  for (let segments = 0; segments < 1000; segments++) {
    const seg = at + 9 <= head.length ? head.subarray(at, at + 9) : await readAt(fh, at, 9);
    if (seg.length < 4 || seg[0] !== 0xff) break;
    const marker = seg[1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (seg.length < 9) break;
      return { format: "JPEG", height: seg.readUInt16BE(5), width: seg.readUInt16BE(7), alpha: false };
    }
    at += 2 + seg.readUInt16BE(2);
  }
  return { ...NONE, format: "JPEG" };
}

/** Format, pixel size and alpha of an image file; format null when it is neither PNG nor JPEG. */
export async function inspectImage(path: string): Promise<ImageInfo> {
  const fh = await open(path, "r");
  try {
    const head = await readAt(fh, 0, HEAD_BYTES);
    return pngInfo(head) ?? (await jpegInfo(fh, head)) ?? NONE;
  } finally {
    await fh.close();
  }
}

type Box = { type: string; start: number; body: number; end: number };

/** The boxes between `from` and `to` (ISO BMFF / QuickTime atoms: 32-bit size, or 1 then a 64-bit size, or 0 for "to the end"). */
async function boxes(fh: FileHandle, from: number, to: number): Promise<Box[]> {
  const out: Box[] = [];
  for (let at = from; at + 8 <= to && out.length < 10_000; ) {
    const h = await readAt(fh, at, 16);
    if (h.length < 8) break;
    let size = h.readUInt32BE(0);
    let header = 8;
    if (size === 1) {
      if (h.length < 16) break;
      size = Number(h.readBigUInt64BE(8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) break;
    out.push({ type: h.toString("latin1", 4, 8), start: at, body: at + header, end: at + size });
    at += size;
  }
  return out;
}

const MOV_BRANDS = new Set(["qt  "]);
const M4V_BRANDS = new Set(["M4V ", "M4VH", "M4VP"]);

/**
 * Container, frame size and length of a movie: the brand in `ftyp` (QuickTime's "qt  " is
 * MOV, "M4V…" is M4V, any other brand MP4), the length from `moov/mvhd` (duration over
 * timescale) and the size from the first video track's `tkhd` (16.16 fixed point). The
 * `moov` box may come after the media data; only box headers are read on the way.
 */
export async function inspectMovie(path: string): Promise<MovieInfo> {
  const none: MovieInfo = { format: null, width: 0, height: 0, seconds: 0 };
  const fh = await open(path, "r");
  try {
    const { size } = await fh.stat();
    const top = await boxes(fh, 0, size);
    const ftyp = top.find((b) => b.type === "ftyp");
    if (!ftyp) return none;
    const brand = (await readAt(fh, ftyp.body, 4)).toString("latin1");
    const format = MOV_BRANDS.has(brand) ? "MOV" : M4V_BRANDS.has(brand) ? "M4V" : "MP4";
    const moov = top.find((b) => b.type === "moov");
    if (!moov) return { ...none, format };
    const inner = await boxes(fh, moov.body, moov.end);
    let seconds = 0;
    const mvhd = inner.find((b) => b.type === "mvhd");
    if (mvhd) {
      const m = await readAt(fh, mvhd.body, 32);
      const v1 = m[0] === 1;
      const timescale = v1 ? m.readUInt32BE(20) : m.readUInt32BE(12);
      const duration = v1 ? Number(m.readBigUInt64BE(24)) : m.readUInt32BE(16);
      seconds = timescale ? duration / timescale : 0;
    }
    let width = 0;
    let height = 0;
    for (const trak of inner.filter((b) => b.type === "trak")) {
      const tkhd = (await boxes(fh, trak.body, trak.end)).find((b) => b.type === "tkhd");
      if (!tkhd || tkhd.end - tkhd.body < 84) continue;
      // width and height are the box's last 8 bytes, whatever its version.
      const wh = await readAt(fh, tkhd.end - 8, 8);
      const w = wh.readUInt32BE(0) / 65536;
      const h = wh.readUInt32BE(4) / 65536;
      if (w > 0 && h > 0) {
        width = Math.round(w);
        height = Math.round(h);
        break;
      }
    }
    return { format, width, height, seconds };
  } finally {
    await fh.close();
  }
}
