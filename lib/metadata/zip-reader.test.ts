import { strToU8, unzipSync, zipSync } from "fflate";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { craftZip, deflated, stored, zerosDeflated, zipBombCorpus } from "@/tests/support/zip-bombs";
import { FASTLANE_ZIP_LIMITS, readZipInWorker } from "./zip-reader";

const b64 = (zip: Uint8Array) => Buffer.from(zip).toString("base64");

/** What a read answers, how long it took, and the longest the event loop of this thread was held meanwhile. */
async function readZip(zip: Uint8Array, timeLimitMs?: number) {
  return readZipInWorker(b64(zip), FASTLANE_ZIP_LIMITS, timeLimitMs).then(
    (files) => ({ files, error: undefined }),
    (error: { code: string; publicMessage: string }) => ({ files: undefined, error }),
  );
}

describe("reading an uploaded zip", () => {
  it("reads a zip written by a zip tool exactly as that tool reads it", async () => {
    const zip = zipSync({ "metadata/en-US/name.txt": strToU8("Name\n"), "metadata/de-DE/description.txt": strToU8("Beschreibung ".repeat(500)), "metadata/": new Uint8Array() }, { level: 6 });
    const { files } = await readZip(zip);
    const expected = Object.entries(unzipSync(zip)).filter(([n]) => !n.endsWith("/"));
    expect(files!.map((f) => [f.name, Buffer.from(f.data).toString()])).toEqual(expected.map(([n, d]) => [n, Buffer.from(d).toString()]));
  });

  it("lists a fastlane folder's screenshots without inflating them, and reads its text files", async () => {
    // 300 MiB of zeros named as a screenshot: inflating it would pass every cap.
    const shot = { name: "screenshots/en-US/1_iphone.png", method: 8 as const, body: zerosDeflated(300), crc: 0, size: 300 * 1024 * 1024 };
    const zip = craftZip([stored("metadata/en-US/name.txt", "Name\n"), shot]);
    const { files, error } = await readZip(zip);
    expect(error).toBeUndefined();
    expect(files!.map((f) => [f.name, Buffer.from(f.data).toString(), f.skipped ?? false])).toEqual([
      ["metadata/en-US/name.txt", "Name\n", false],
      ["screenshots/en-US/1_iphone.png", "", true],
    ]);
  });

  for (const bomb of zipBombCorpus()) {
    it(`refuses ${bomb.label}, naming the problem`, async () => {
      const { files, error } = await readZip(bomb.zip);
      expect(files).toBeUndefined();
      expect(error).toMatchObject({ code: "validation", publicMessage: bomb.message });
    });
  }

  it("refuses an entry whose local header lies inside another entry's data", async () => {
    const inside = stored("metadata/en-US/name.txt", "Hidden\n");
    const insideBytes = craftZip([inside]).subarray(0, 30 + inside.name.length + inside.body.length);
    // The first entry's compressed data runs on over the second's local header.
    const outer = deflated("metadata/en-US/description.txt", "Outer");
    const zip = craftZip([{ ...outer, body: Buffer.concat([outer.body, insideBytes]) }, inside]);
    // craftZip places the second header after the first's data; point it back inside.
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(30 + outer.name.length + outer.body.length, cd + 42);
    const { error } = await readZip(zip);
    expect(error?.publicMessage).toBe(`The zip's entries "metadata/en-US/description.txt" and "metadata/en-US/name.txt" share data.`);
  });

  it("refuses sizes that differ between the local header and the central directory", async () => {
    const e = stored("metadata/en-US/name.txt", "Name\n");
    const { error } = await readZip(craftZip([{ ...e, local: { packed: 5, size: 1 } }]));
    expect(error?.publicMessage).toBe(`The zip's entry "metadata/en-US/name.txt" declares different sizes in its local header and in the central directory.`);
  });

  it("refuses a deflated entry that inflates to another size than it declares", async () => {
    const e = deflated("metadata/en-US/description.txt", "d".repeat(10_000));
    const { error } = await readZip(craftZip([{ ...e, size: 5_000 }]));
    expect(error?.publicMessage).toBe(`The zip's entry "metadata/en-US/description.txt" inflates to 10,000 bytes but declares 5,000.`);
  });

  it("refuses an entry declared larger than the cap without inflating it", async () => {
    const { error } = await readZip(craftZip([{ name: "metadata/en-US/description.txt", method: 8, body: zerosDeflated(300), crc: 0, size: 300 * 1024 * 1024 }]));
    expect(error?.publicMessage).toBe(`The zip's entry "metadata/en-US/description.txt" inflates past 1 MiB.`);
  });

  it("refuses an entry whose checksum does not match, a duplicate name, and a file that is not a zip", async () => {
    const e = deflated("metadata/en-US/name.txt", "Name\n");
    expect((await readZip(craftZip([{ ...e, crc: e.crc ^ 1 }]))).error?.publicMessage).toBe(`The zip's entry "metadata/en-US/name.txt" is damaged: its checksum does not match.`);
    expect((await readZip(craftZip([e, e]))).error?.publicMessage).toBe(`The zip names "metadata/en-US/name.txt" twice.`);
    expect((await readZip(craftZip([{ ...e, body: deflateRawSync("Name\n").subarray(0, 2) }]))).error?.publicMessage).toMatch(/"metadata\/en-US\/name.txt" is damaged/);
    expect((await readZip(Buffer.from("not a zip at all"))).error?.publicMessage).toBe("The file is not a readable zip archive.");
  });

  it("stops a read that runs past its time limit", async () => {
    const { error } = await readZip(zipSync({ "metadata/en-US/name.txt": strToU8("Name\n") }), 1);
    expect(error?.publicMessage).toBe("The zip took too long to read.");
  });

  it("reads two zips at once, queues sixteen more, and tells the rest to come back", async () => {
    const zip = b64(zipSync({ "metadata/en-US/name.txt": strToU8("Name\n") }));
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => readZipInWorker(zip)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(18);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => o.reason);
    expect(refused).toHaveLength(2);
    for (const e of refused) expect(e).toMatchObject({ code: "unavailable", status: 503, publicMessage: "Too many zip files are being read right now; try again in a moment.", options: { retryAfterSeconds: 2 } });
  });
});
