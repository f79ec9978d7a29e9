/**
 * A zip reader that trusts nothing the archive says about itself. It runs inside a worker
 * thread (see zip-reader.ts), which receives this function's source text: the function
 * must stay self-contained, using only its parameters and JavaScript/Node globals; no
 * imports, no helpers at module level.
 */

export type ZipLimits = {
  /** Most entries (files and folders) the central directory may list. */
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all entries together may inflate to. */
  maxTotalBytes: number;
  /**
   * Name endings (lower case, such as ".txt") of the files worth inflating; other files are
   * listed, empty and `skipped`, without being inflated or counted (a zipped fastlane folder
   * may carry screenshots). All files are inflated when absent.
   */
  inflateOnly?: string[];
};

export type ZipEntries = { name: string; data: Uint8Array; skipped?: true }[];

type Zlib = {
  inflateRawSync: (buf: Uint8Array, opts: { maxOutputLength: number; chunkSize?: number }) => Uint8Array;
  crc32: (data: Uint8Array, value?: number) => number;
};

/**
 * The files of a zip (folders left out), each checked against the limits while it is
 * inflated: inflating stops as soon as an entry or the total passes its cap. Refused with
 * an Error whose `zipRefusal` is true and whose message names the problem: too many
 * entries, an entry that inflates past the cap or to another size than it declares, a
 * stored entry whose size differs from its declared size, entries that share data, an
 * entry that is itself a zip, encryption, ZIP64 or an unknown compression method.
 */
export function readZipEntries(zlib: Zlib, bytes: Uint8Array, limits: ZipLimits): ZipEntries {
  const refuse = (message: string) => Object.assign(new Error(message), { zipRefusal: true });
  const mib = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MiB`;
  const count = (n: number) => n.toLocaleString("en-US");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const utf8 = new TextDecoder("utf-8");
  const latin1 = new TextDecoder("latin1");
  // Names go into error messages: printable and short.
  const shown = (name: string) => {
    const clean = name.replace(/[\u0000-\u001f\u007f-\u009f"]/g, "?");
    return `"${clean.length > 120 ? `${clean.slice(0, 117)}...` : clean}"`;
  };
  const unreadable = () => refuse("The file is not a readable zip archive.");

  // End of central directory: the last 22 bytes, or earlier when a comment follows.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (u32(at) === 0x06054b50 && at + 22 + u16(at + 20) === bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadable();
  const declaredEntries = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (declaredEntries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || (eocd >= 20 && u32(eocd - 20) === 0x07064b50)) {
    throw refuse("The zip uses the ZIP64 format, which a metadata folder never needs.");
  }
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== declaredEntries) throw refuse("The zip spans several files; upload a single zip.");
  if (declaredEntries > limits.maxEntries) {
    throw refuse(`The zip has ${count(declaredEntries)} entries; at most ${count(limits.maxEntries)} are accepted.`);
  }
  if (cdOffset + cdSize > eocd) throw unreadable();

  type Entry = { name: string; flags: number; method: number; crc: number; packed: number; size: number; header: number; start: number; end: number };
  const entries: Entry[] = [];
  const names = new Set<string>();
  let at = cdOffset;
  for (let i = 0; i < declaredEntries; i++) {
    if (at + 46 > cdOffset + cdSize || u32(at) !== 0x02014b50) throw unreadable();
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const packed = u32(at + 20);
    const size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const header = u32(at + 42);
    if (at + 46 + nameLength > cdOffset + cdSize) throw unreadable();
    const name = ((flags & 0x800) !== 0 ? utf8 : latin1).decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;

    if (names.has(name)) throw refuse(`The zip names ${shown(name)} twice.`);
    names.add(name);
    if (packed === 0xffffffff || size === 0xffffffff || header === 0xffffffff) throw refuse("The zip uses the ZIP64 format, which a metadata folder never needs.");
    if ((flags & 0x41) !== 0) throw refuse(`The zip's entry ${shown(name)} is encrypted.`);
    if (method !== 0 && method !== 8) throw refuse(`The zip's entry ${shown(name)} uses a compression method this importer does not read (${method}).`);
    if (header + 30 > cdOffset || u32(header) !== 0x04034b50) throw refuse(`The zip's entry ${shown(name)} points outside the archive's data.`);
    const start = header + 30 + u16(header + 26) + u16(header + 28);
    const end = start + packed;
    if (end > cdOffset) throw refuse(`The zip's entry ${shown(name)} points outside the archive's data.`);
    // Without a data descriptor, the local header repeats the sizes; a zip whose two copies disagree reads differently in different tools.
    if ((flags & 0x8) === 0 && (u32(header + 18) !== packed || u32(header + 22) !== size)) {
      throw refuse(`The zip's entry ${shown(name)} declares different sizes in its local header and in the central directory.`);
    }
    if (method === 0 && packed !== size) throw refuse(`The zip's entry ${shown(name)} stores ${count(packed)} bytes but declares ${count(size)}.`);
    entries.push({ name, flags, method, crc, packed, size, header, start, end });
  }

  // Every entry's local header and data must lie apart from every other's.
  const byOffset = [...entries].sort((a, b) => a.header - b.header);
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i].header < byOffset[i - 1].end) throw refuse(`The zip's entries ${shown(byOffset[i - 1].name)} and ${shown(byOffset[i].name)} share data.`);
  }

  const isZip = (data: Uint8Array) => data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && (data[2] === 3 || data[2] === 5 || data[2] === 7) && data[3] === data[2] + 1;
  const nested = (name: string) => refuse(`The zip's entry ${shown(name)} is itself a zip archive; zip the metadata folder's text files directly.`);
  const files: ZipEntries = [];
  let total = 0;
  for (const e of entries) {
    if (e.name.endsWith("/")) continue;
    if (/\.(zip|ipa|jar|apk)$/i.test(e.name)) throw nested(e.name);
    const lower = e.name.toLowerCase();
    if (limits.inflateOnly && !limits.inflateOnly.some((end) => lower.endsWith(end))) {
      files.push({ name: e.name, data: new Uint8Array(0), skipped: true });
      continue;
    }
    if (e.size > limits.maxEntryBytes) throw refuse(`The zip's entry ${shown(e.name)} inflates past ${mib(limits.maxEntryBytes)}.`);
    if (total + e.size > limits.maxTotalBytes) throw refuse(`The zip inflates past ${mib(limits.maxTotalBytes)} in total.`);
    const raw = bytes.subarray(e.start, e.end);
    let data: Uint8Array;
    if (e.method === 0) {
      data = raw;
    } else {
      const entryCapBinds = limits.maxEntryBytes <= limits.maxTotalBytes - total;
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total), chunkSize: 64 * 1024 });
      } catch (err) {
        if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
          throw refuse(entryCapBinds ? `The zip's entry ${shown(e.name)} inflates past ${mib(limits.maxEntryBytes)}.` : `The zip inflates past ${mib(limits.maxTotalBytes)} in total.`);
        }
        throw refuse(`The zip's entry ${shown(e.name)} is damaged: its compressed data cannot be read.`);
      }
      if (data.length !== e.size) throw refuse(`The zip's entry ${shown(e.name)} inflates to ${count(data.length)} bytes but declares ${count(e.size)}.`);
    }
    if (isZip(data)) throw nested(e.name);
    if (zlib.crc32(data) >>> 0 !== e.crc) throw refuse(`The zip's entry ${shown(e.name)} is damaged: its checksum does not match.`);
    total += data.length;
    // A copy of its own, so handing it to another thread moves only its bytes.
    files.push({ name: e.name, data: new Uint8Array(data) });
  }
  return files;
}
