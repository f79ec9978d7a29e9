import { crc32, deflateSync } from "node:zlib";

/**
 * Small PNG and JPEG files made in memory, for tests that upload images: a PNG of any size,
 * opaque (RGB) or with an alpha channel (RGBA), one colour throughout so it compresses to a
 * few kilobytes even at App Store sizes; and the start of a JPEG whose frame header states
 * a size (enough for a reader of dimensions, not for a decoder).
 */
export function png(width: number, height: number, opts: { alpha?: boolean; rgb?: [number, number, number] } = {}): Buffer {
  const channels = opts.alpha ? 4 : 3;
  const [r, g, b] = opts.rgb ?? [40, 120, 200];
  const row = Buffer.alloc(1 + width * channels);
  for (let x = 0; x < width; x++) {
    const at = 1 + x * channels;
    row[at] = r;
    row[at + 1] = g;
    row[at + 2] = b;
    if (opts.alpha) row[at + 3] = 128;
  }
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) row.copy(raw, y * row.length);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = opts.alpha ? 6 : 2; // colour type: RGBA or RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** SOI, an APP0 segment and a baseline frame header (SOF0) of the given size, then EOI. */
export function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}
