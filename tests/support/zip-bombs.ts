import { constants, crc32, deflateRawSync } from "node:zlib";

/**
 * Zips written byte by byte, so that they can lie: every header field the reader must not
 * trust can be set by hand. Shared by the reader's unit tests, the import's integration
 * tests and the end-to-end spec.
 */
export type CraftedEntry = {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** The bytes as they sit in the archive (compressed for method 8). */
  body: Uint8Array;
  crc: number;
  /** The uncompressed size the central directory declares. */
  size: number;
  /** Sizes the local header declares, when they differ from the central directory's. */
  local?: { packed: number; size: number };
  /** The central directory entry points at this earlier entry's local header and data instead of its own. */
  sharesWith?: number;
};

export const stored = (name: string, content: Uint8Array | string): CraftedEntry => {
  const body = typeof content === "string" ? Buffer.from(content) : content;
  return { name, method: 0, body, crc: crc32(body), size: body.length };
};

export const deflated = (name: string, content: Uint8Array | string): CraftedEntry => {
  const raw = typeof content === "string" ? Buffer.from(content) : content;
  return { name, method: 8, body: deflateRawSync(raw), crc: crc32(raw), size: raw.length };
};

/** A zip record of `length` bytes: [width in bytes, offset, value] fields, little-endian. */
function record(length: number, fields: [2 | 4, number, number][]): Buffer {
  const b = Buffer.alloc(length);
  for (const [width, at, value] of fields) {
    if (width === 2) b.writeUInt16LE(value, at);
    else b.writeUInt32LE(value >>> 0, at);
  }
  return b;
}

export function craftZip(entries: CraftedEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const at: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const home = e.sharesWith === undefined ? offset : at[e.sharesWith];
    const packed = e.sharesWith === undefined ? e.body.length : entries[e.sharesWith].body.length;
    at.push(home);
    if (e.sharesWith === undefined) {
      // Local file header: signature, version, UTF-8 flag, method, DOS date, CRC, sizes (as the entry may lie), name length.
      const local = record(30, [[4, 0, 0x04034b50], [2, 4, 20], [2, 6, 0x800], [2, 8, e.method], [2, 12, 0x21], [4, 14, e.crc], [4, 18, e.local?.packed ?? packed], [4, 22, e.local?.size ?? e.size], [2, 26, name.length]]);
      parts.push(local, name, Buffer.from(e.body));
      offset += 30 + name.length + e.body.length;
    }
    // Central directory header: the same facts, plus where the local header is.
    central.push(record(46, [[4, 0, 0x02014b50], [2, 4, 20], [2, 6, 20], [2, 8, 0x800], [2, 10, e.method], [2, 14, 0x21], [4, 16, e.crc], [4, 20, packed], [4, 24, e.size], [2, 28, name.length], [4, 42, home]]), name);
  }
  const cd = Buffer.concat(central);
  const end = record(22, [[4, 0, 0x06054b50], [2, 8, entries.length], [2, 10, entries.length], [4, 12, cd.length], [4, 16, offset]]);
  return Buffer.concat([...parts, cd, end]);
}

const MiB = 1024 * 1024;

/**
 * A raw deflate stream of `mib` MiB of zeros, about 1 KiB per MiB: one MiB compressed and
 * flushed to a byte boundary, repeated (every copy refers only to zeros behind it), then an
 * empty final block.
 */
export function zerosDeflated(mib: number): Buffer {
  const one = deflateRawSync(Buffer.alloc(MiB), { finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mib }, () => one), Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff])]);
}

export type Bomb = { label: string; zip: Buffer; message: string };

/** The hostile zips the fastlane import must refuse, with the message each gets. */
export function zipBombCorpus(): Bomb[] {
  const description = "metadata/en-US/description.txt";
  const name = "metadata/en-US/name.txt";
  const keywords = "metadata/en-US/keywords.txt";
  const inner = craftZip([stored(name, "Inner name\n")]);
  return [
    {
      label: "deflate bomb: 200 MiB of zeros declared as 1,000 bytes",
      zip: craftZip([{ name: description, method: 8, body: zerosDeflated(200), crc: crc32(Buffer.alloc(1000)), size: 1000 }]),
      message: `The zip's entry "${description}" inflates past 1 MiB.`,
    },
    {
      label: "overlapping entries: 500 central directory entries share one entry's data",
      zip: craftZip([stored(name, "Shared name\n"), ...Array.from({ length: 499 }, (_, i) => ({ ...stored(`metadata/en-US/copy-${i}.txt`, "Shared name\n"), sharesWith: 0 }))]),
      message: `The zip's entries "${name}" and "metadata/en-US/copy-0.txt" share data.`,
    },
    {
      label: "stored entry whose real size differs from its declared size",
      zip: craftZip([{ ...stored(keywords, "k".repeat(5000)), size: 50, local: { packed: 5000, size: 50 } }]),
      message: `The zip's entry "${keywords}" stores 5,000 bytes but declares 50.`,
    },
    {
      label: "10,000 tiny entries",
      zip: craftZip(Array.from({ length: 10_000 }, (_, i) => stored(`metadata/x${i}/name.txt`, "x"))),
      message: "The zip has 10,000 entries; at most 2,000 are accepted.",
    },
    {
      label: "a nested zip",
      zip: craftZip([stored(name, "Outer name\n"), deflated("metadata/en-US/more.zip", inner)]),
      message: `The zip's entry "metadata/en-US/more.zip" is itself a zip archive; zip the metadata folder's text files directly.`,
    },
    {
      label: "a zip disguised as a text file",
      zip: craftZip([deflated(description, inner)]),
      message: `The zip's entry "${description}" is itself a zip archive; zip the metadata folder's text files directly.`,
    },
    {
      label: "entries that inflate past the total cap",
      zip: craftZip(Array.from({ length: 20 }, (_, i) => deflated(`metadata/l${i}/description.txt`, Buffer.alloc(1_000_000, 0x20)))),
      message: "The zip inflates past 16 MiB in total.",
    },
  ];
}
