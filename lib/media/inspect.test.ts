import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jpegHeader, png } from "@/tests/support/png";
import { inspectImage, inspectMovie } from "./inspect";

const dir = mkdtempSync(path.join(tmpdir(), "inspect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer) => {
  const p = path.join(dir, `f${++n}`);
  writeFileSync(p, bytes);
  return p;
};

/** An ISO BMFF box: 32-bit size and type, or size 1 and a 64-bit size when `large`. */
function box(type: string, body: Buffer, large = false) {
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

/** A movie as an encoder writes it: ftyp, the media data, then moov at the end with an audio track before the video one. */
function movie(brand: string, opts: { seconds: number; width: number; height: number; version?: 0 | 1; largeMdat?: boolean }) {
  const ftyp = box("ftyp", Buffer.concat([Buffer.from(brand, "latin1"), Buffer.alloc(4), Buffer.from("isommp42")]));
  const mdat = box("mdat", Buffer.alloc(70_000, 3), opts.largeMdat);
  const moov = box("moov", Buffer.concat([mvhd(600, Math.round(opts.seconds * 600), opts.version), box("trak", tkhd(0, 0)), box("trak", Buffer.concat([tkhd(opts.width, opts.height), box("mdia", Buffer.alloc(20))]))]));
  return Buffer.concat([ftyp, mdat, moov]);
}

describe("inspectImage", () => {
  it("reads a PNG's size, and alpha from its colour type", async () => {
    expect(await inspectImage(file(png(1320, 2868)))).toEqual({ format: "PNG", width: 1320, height: 2868, alpha: false });
    expect(await inspectImage(file(png(64, 32, { alpha: true })))).toEqual({ format: "PNG", width: 64, height: 32, alpha: true });
  });

  it("counts a tRNS chunk before the image data as transparency", async () => {
    const p = png(10, 10);
    const trns = Buffer.from([0, 0, 0, 2, 0x74, 0x52, 0x4e, 0x53, 0, 0, 0, 0, 0, 0]);
    // After the signature (8) and IHDR (25 bytes).
    expect((await inspectImage(file(Buffer.concat([p.subarray(0, 33), trns, p.subarray(33)])))).alpha).toBe(true);
  });

  it("reads a JPEG's frame header, even after a large EXIF segment, and finds no alpha", async () => {
    expect(await inspectImage(file(jpegHeader(2796, 1290)))).toEqual({ format: "JPEG", width: 2796, height: 1290, alpha: false });
    const exif = Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xff]), Buffer.alloc(0xfffd)]);
    const j = jpegHeader(1290, 2796);
    const big = Buffer.concat([j.subarray(0, 2), exif, exif, j.subarray(2)]);
    expect(big.length).toBeGreaterThan(128 * 1024);
    expect(await inspectImage(file(big))).toMatchObject({ format: "JPEG", width: 1290, height: 2796 });
  });

  it("names no format for anything else", async () => {
    expect((await inspectImage(file(Buffer.from("GIF89a........")))).format).toBeNull();
    expect((await inspectImage(file(Buffer.alloc(0)))).format).toBeNull();
  });
});

describe("inspectMovie", () => {
  it("reads length and frame size from moov at the end of an MP4", async () => {
    expect(await inspectMovie(file(movie("mp42", { seconds: 20, width: 886, height: 1920 })))).toEqual({ format: "MP4", width: 886, height: 1920, seconds: 20 });
  });

  it("tells MOV and M4V by their brand, reads version 1 headers and 64-bit box sizes", async () => {
    expect(await inspectMovie(file(movie("qt  ", { seconds: 15.5, width: 1920, height: 886, version: 1, largeMdat: true })))).toEqual({ format: "MOV", width: 1920, height: 886, seconds: 15.5 });
    expect((await inspectMovie(file(movie("M4V ", { seconds: 30, width: 1200, height: 1600 })))).format).toBe("M4V");
  });

  it("names no format without ftyp, and no length without moov", async () => {
    expect((await inspectMovie(file(png(10, 10)))).format).toBeNull();
    const onlyFtyp = box("ftyp", Buffer.from("mp42\0\0\0\0", "latin1"));
    expect(await inspectMovie(file(onlyFtyp))).toEqual({ format: "MP4", width: 0, height: 0, seconds: 0 });
  });
});
