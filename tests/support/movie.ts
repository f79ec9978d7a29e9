/**
 * A small movie file made in memory, for tests that read or upload app previews: the boxes
 * a reader of length and frame size looks at (ftyp with its brand, then the media data, then
 * moov at the end with mvhd and an audio track before the video one), and filler bytes for
 * the media itself.
 */

/** An ISO BMFF box: 32-bit size and type, or size 1 and a 64-bit size when `large`. */
export function box(type: string, body: Buffer, large = false) {
  const head = Buffer.alloc(large ? 16 : 8);
  if (large) {
    head.writeUInt32BE(1, 0);
    head.writeBigUInt64BE(BigInt(16 + body.length), 8);
  } else head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, body]);
}

function mvhd(timescale: number, duration: number, version: 0 | 1 = 0) {
  const b = Buffer.alloc(version === 1 ? 112 : 100);
  b[0] = version;
  if (version === 1) {
    b.writeUInt32BE(timescale, 20);
    b.writeBigUInt64BE(BigInt(duration), 24);
  } else {
    b.writeUInt32BE(timescale, 12);
    b.writeUInt32BE(duration, 16);
  }
  return box("mvhd", b);
}

function tkhd(width: number, height: number) {
  const b = Buffer.alloc(84);
  b.writeUInt32BE(width * 65536, 76);
  b.writeUInt32BE(height * 65536, 80);
  return box("tkhd", b);
}

/** A movie of this brand ("mp42", "qt  ", "M4V "), length and frame size, with `mediaBytes` of media data before moov. */
export function movie(brand: string, opts: { seconds: number; width: number; height: number; version?: 0 | 1; largeMdat?: boolean; mediaBytes?: number }) {
  const ftyp = box("ftyp", Buffer.concat([Buffer.from(brand, "latin1"), Buffer.alloc(4), Buffer.from("isommp42")]));
  const mdat = box("mdat", Buffer.alloc(opts.mediaBytes ?? 70_000, 3), opts.largeMdat);
  const moov = box("moov", Buffer.concat([mvhd(600, Math.round(opts.seconds * 600), opts.version), box("trak", tkhd(0, 0)), box("trak", Buffer.concat([tkhd(opts.width, opts.height), box("mdia", Buffer.alloc(20))]))]));
  return Buffer.concat([ftyp, mdat, moov]);
}
