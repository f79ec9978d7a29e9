import { createHash, createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signAscJwt } from "@/lib/asc/jwt";
import { AscSimulator } from "../asc-sim/server";
import { readImage } from "../asc-sim/media-specs";
import { jpegHeader, png } from "../support/png";
import { ascKeyPair, issuerId, keyId } from "./support/keys";

/**
 * The simulator's screenshots and app previews, driven with plain fetch through Apple's
 * upload protocol: reserve, PUT each part to the upload origin with the headers it lists,
 * commit with the MD5, and read the delivery state as processing time passes on Apple's clock.
 */
const sim = new AscSimulator({ seed: 21, sizes: { apps: 2, reviewsPerApp: 1 }, media: { partSize: 4096 } });
const pair = ascKeyPair();
const iss = issuerId();
const kid = keyId();

beforeAll(async () => {
  await sim.listen();
  sim.registerKey({ issuerId: iss, keyId: kid, publicKey: pair.publicKey, role: "ADMIN" });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: "POST", body: JSON.stringify({ seed: 21, sizes: { apps: 2, reviewsPerApp: 1 } }) });
});

/** The parts of Apple's documents these tests read (JSON:API: data is one resource or a list). */
type DeliveryState = { state: string; errors: { code: string; description: string }[]; warnings: null };
type Linkage = { type: string; id: string };
type Doc = {
  type: string;
  id: string;
  attributes: { screenshotDisplayType: string; fileName: string; assetDeliveryState: DeliveryState; videoDeliveryState: DeliveryState; uploadOperations: Op[]; imageAsset: { width: number; height: number }; videoUrl: string | null; previewFrameTimeCode: string };
  relationships: Record<string, { data: Linkage & Linkage[]; meta: { paging: { total: number; limit: number } } }>;
};
type Answer = {
  status: number;
  body: { data: Doc & Doc[]; included: Doc[]; links: { self: string; next: string }; meta: { paging: { total: number; limit: number } }; errors: { code: string; source?: { pointer?: string; parameter?: string } }[] };
};

async function api(method: string, path: string, body?: unknown): Promise<Answer> {
  const iat = Math.floor(sim.now() / 1000) - 60;
  const token = signAscJwt(createPrivateKey(pair.privateKey), kid, { iss, iat, exp: iat + 1200, aud: "appstoreconnect-v1" });
  const res = await fetch(`${sim.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");
const advance = (ms: number) => void (sim.clockOffsetMs += ms);
/** The editable version's primary localization of the first app (the second app's next version is waiting for review). */
const editableLoc = () => sim.state.versionLocs.find((l) => l.versionId === `${sim.state.apps[0].id}-v2` && l.locale === "en-US")!.id;
const lockedLoc = () => sim.state.versionLocs.find((l) => l.versionId === `${sim.state.apps[1].id}-v2` && l.locale === "en-US")!.id;
const seededSet = (type: string) => sim.state.media.sets.find((s) => s.locId === editableLoc() && s.displayType === type)!.id;

async function createSet(type: string, loc = editableLoc(), kind: "appScreenshotSets" | "appPreviewSets" = "appScreenshotSets") {
  const attr = kind === "appScreenshotSets" ? "screenshotDisplayType" : "previewType";
  return api("POST", `/v1/${kind}`, { data: { type: kind, attributes: { [attr]: type }, relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: loc } } } } });
}

async function reserve(setId: string, fileName: string, fileSize: number, kind: "appScreenshots" | "appPreviews" = "appScreenshots", extra: Record<string, unknown> = {}) {
  const rel = kind === "appScreenshots" ? "appScreenshotSet" : "appPreviewSet";
  return api("POST", `/v1/${kind}`, { data: { type: kind, attributes: { fileName, fileSize, ...extra }, relationships: { [rel]: { data: { type: `${rel}s`, id: setId } } } } });
}

type Op = { method: string; url: string; offset: number; length: number; requestHeaders: { name: string; value: string }[] };
const headersOf = (op: Op) => Object.fromEntries(op.requestHeaders.map((h) => [h.name, h.value]));
const putPart = (op: Op, bytes: Buffer, headers: Record<string, string> = headersOf(op)) => fetch(op.url, { method: op.method, headers, body: new Uint8Array(bytes.subarray(op.offset, op.offset + op.length)) });

async function uploadParts(doc: Doc, bytes: Buffer) {
  for (const op of doc.attributes.uploadOperations) expect((await putPart(op, bytes)).status).toBe(200);
}

const commit = (kind: "appScreenshots" | "appPreviews", id: string, checksum: string) => api("PATCH", `/v1/${kind}/${id}`, { data: { type: kind, id, attributes: { uploaded: true, sourceFileChecksum: checksum } } });

/** Reserve, upload every part, commit with the MD5; returns the committed asset's id. */
async function uploadScreenshot(setId: string, bytes: Buffer, fileName = "shot.png", checksum = md5(bytes)) {
  const reserved = await reserve(setId, fileName, bytes.length);
  expect(reserved.status).toBe(201);
  await uploadParts(reserved.body.data, bytes);
  const committed = await commit("appScreenshots", reserved.body.data.id, checksum);
  expect(committed.status).toBe(200);
  return reserved.body.data.id;
}

const stateOf = async (id: string, kind: "appScreenshots" | "appPreviews" = "appScreenshots") => (await api("GET", `/v1/${kind}/${id}`)).body.data.attributes;
/** A finished asset's image URL template: imageAsset of a screenshot, previewImage of a preview. */
const templateOf = async (id: string, kind: "appScreenshots" | "appPreviews" = "appScreenshots") => {
  const a = (await stateOf(id, kind)) as unknown as { imageAsset?: { templateUrl: string }; previewImage?: { templateUrl: string } };
  return (kind === "appScreenshots" ? a.imageAsset : a.previewImage)!.templateUrl;
};

describe("screenshots and previews in the App Store Connect simulator", () => {
  it("reserves a screenshot in parts, takes each part on a separate upload origin, and completes after processing", async () => {
    const set = await createSet("APP_IPHONE_65");
    expect(set.status).toBe(201);
    expect(set.body.data).toMatchObject({ type: "appScreenshotSets", attributes: { screenshotDisplayType: "APP_IPHONE_65" } });
    const bytes = png(1242, 2688);
    const reserved = await reserve(set.body.data.id, "01.png", bytes.length);
    expect(reserved.status).toBe(201);
    const a = reserved.body.data.attributes;
    expect(a.assetDeliveryState).toEqual({ state: "AWAITING_UPLOAD", errors: [], warnings: null });
    const ops = a.uploadOperations;
    expect(ops).toHaveLength(Math.ceil(bytes.length / 4096));
    expect(ops.map((o) => o.offset)).toEqual(ops.map((_, i) => i * 4096));
    expect(ops.reduce((n, o) => n + o.length, 0)).toBe(bytes.length);
    for (const op of ops) {
      expect(op.method).toBe("PUT");
      expect(new URL(op.url).origin).not.toBe(new URL(sim.url).origin);
      expect(op.requestHeaders).toEqual([{ name: "Content-Type", value: "image/png" }]);
    }
    await uploadParts(reserved.body.data, bytes);
    const committed = await commit("appScreenshots", reserved.body.data.id, md5(bytes));
    expect(committed.body.data.attributes).toMatchObject({ uploadOperations: null, sourceFileChecksum: md5(bytes), assetDeliveryState: { state: "UPLOAD_COMPLETE" } });
    advance(4_000);
    expect((await stateOf(reserved.body.data.id)).assetDeliveryState.state).toBe("UPLOAD_COMPLETE");
    advance(1_000);
    const done = await stateOf(reserved.body.data.id);
    expect(done.assetDeliveryState).toEqual({ state: "COMPLETE", errors: [], warnings: null });
    expect(done.imageAsset).toMatchObject({ width: 1242, height: 2688 });
    // The bytes went to the upload origin only; Apple's budget counts the API requests.
    expect(sim.stats.uploads["PUT /upload/{token}"]).toBe(ops.length);
    expect(sim.stats.requests["POST /v1/appScreenshots"]).toBe(1);
    expect(sim.stats.requests["PATCH /v1/appScreenshots/{id}"]).toBe(1);
    expect(Object.keys(sim.stats.requests).some((r) => r.includes("upload"))).toBe(false);
  });

  it("lists a localization's sets with their screenshots in one request, with sparse fields and paging", async () => {
    const loc = editableLoc();
    const q = "include=appScreenshots,appStoreVersionLocalization&limit[appScreenshots]=2&fields[appScreenshots]=fileName,assetDeliveryState&fields[appStoreVersionLocalizations]=locale";
    const all = await api("GET", `/v1/appStoreVersionLocalizations/${loc}/appScreenshotSets?${q}`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((s: Doc) => s.attributes.screenshotDisplayType)).toEqual(["APP_IPHONE_67", "APP_IPAD_PRO_3GEN_129"]);
    expect(all.body.data[0].relationships.appScreenshots.meta.paging).toEqual({ total: 3, limit: 2 });
    expect(all.body.data[0].relationships.appStoreVersionLocalization.data).toEqual({ type: "appStoreVersionLocalizations", id: loc });
    const shots = all.body.included.filter((d: Doc) => d.type === "appScreenshots");
    expect(shots).toHaveLength(4);
    for (const s of shots) expect(Object.keys(s.attributes).sort()).toEqual(["assetDeliveryState", "fileName"]);
    expect(shots.every((s: Doc) => s.attributes.assetDeliveryState.state === "COMPLETE")).toBe(true);
    expect(all.body.included.find((d: Doc) => d.type === "appStoreVersionLocalizations")?.attributes).toEqual({ locale: "en-US" });
    // The display type filter is checked but, as reported of Apple, not applied: clients match sets on the attribute.
    expect((await api("GET", `/v1/appStoreVersionLocalizations/${loc}/appScreenshotSets?filter[screenshotDisplayType]=APP_IPAD_PRO_3GEN_129`)).body.data).toHaveLength(2);
    expect((await api("GET", `/v1/appStoreVersionLocalizations/${loc}/appScreenshotSets?filter[screenshotDisplayType]=APP_IPHONE_69`)).status).toBe(400);
    const first = await api("GET", `/v1/appStoreVersionLocalizations/${loc}/appScreenshotSets?limit=1`);
    expect(first.body.data).toHaveLength(1);
    const next = new URL(first.body.links.next);
    expect((await api("GET", `${next.pathname}${next.search}`)).body.data[0].attributes.screenshotDisplayType).toBe("APP_IPAD_PRO_3GEN_129");
    expect(await api("GET", `/v1/appStoreVersionLocalizations/${loc}/appScreenshotSets?include=appScreenshots&limit[appScreenshots]=51`)).toMatchObject({ status: 400, body: { errors: [{ code: "PARAMETER_ERROR.INVALID", source: { parameter: "limit[appScreenshots]" } }] } });
    expect(await api("GET", `/v1/appScreenshotSets/${seededSet("APP_IPHONE_67")}?limit=5`)).toMatchObject({ status: 400, body: { errors: [{ code: "PARAMETER_ERROR.ILLEGAL", source: { parameter: "limit" } }] } });
    const one = await api("GET", `/v1/appScreenshotSets/${seededSet("APP_IPHONE_67")}?include=appScreenshots`);
    expect(one.body.data.relationships.appScreenshots.data).toHaveLength(3);
    expect(one.body.included).toHaveLength(3);
    expect((await api("GET", `/v1/appScreenshotSets/${seededSet("APP_IPHONE_67")}/appScreenshots?limit=2`)).body.meta.paging).toEqual({ total: 3, limit: 2 });
    const withSets = await api("GET", `/v1/appStoreVersionLocalizations/${loc}?include=appScreenshotSets,appPreviewSets`);
    expect(withSets.body.data.relationships.appScreenshotSets.data).toHaveLength(2);
    expect(withSets.body.data.relationships.appPreviewSets.data).toHaveLength(1);
    expect(withSets.body.included.map((d: Doc) => d.type).sort()).toEqual(["appPreviewSets", "appScreenshotSets", "appScreenshotSets"]);
    const previews = await api("GET", `/v1/appStoreVersionLocalizations/${loc}/appPreviewSets?include=appPreviews`);
    expect(previews.body.included[0].attributes.videoDeliveryState.state).toBe("COMPLETE");
  });

  it("keeps one set per display type in a localization: a second is 409, and a version waiting for review takes none", async () => {
    expect(await createSet("APP_IPHONE_67")).toMatchObject({ status: 409, body: { errors: [{ code: "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", source: { pointer: "/data/attributes/screenshotDisplayType" } }] } });
    expect(await createSet("APP_IPHONE_69")).toMatchObject({ status: 422, body: { errors: [{ source: { pointer: "/data/attributes/screenshotDisplayType" } }] } });
    expect(await createSet("APP_IPHONE_65", lockedLoc())).toMatchObject({ status: 409, body: { errors: [{ code: "STATE_ERROR" }] } });
    expect(await createSet("IPHONE_67", editableLoc(), "appPreviewSets")).toMatchObject({ status: 409 });
    expect((await createSet("IPHONE_65", editableLoc(), "appPreviewSets")).status).toBe(201);
    // Deleting a set deletes its screenshots.
    const setId = seededSet("APP_IPAD_PRO_3GEN_129");
    const shots = sim.state.media.sets.find((s) => s.id === setId)!.assetIds;
    expect((await api("DELETE", `/v1/appScreenshotSets/${setId}`)).status).toBe(204);
    expect((await api("GET", `/v1/appScreenshotSets/${setId}`)).status).toBe(404);
    expect((await api("GET", `/v1/appScreenshots/${shots[0]}`)).body.errors[0].code).toBe("NOT_FOUND");
    expect((await createSet("APP_IPAD_PRO_3GEN_129")).status).toBe(201);
  });

  it("refuses an Authorization header, other headers and a wrong length on the upload origin, and stores nothing then", async () => {
    const bytes = png(1290, 2796);
    const reserved = await reserve(seededSet("APP_IPHONE_67"), "leak.png", bytes.length);
    const [op] = reserved.body.data.attributes.uploadOperations;
    expect((await putPart(op, bytes, { ...headersOf(op), authorization: "Bearer secret" })).status).toBe(403);
    expect((await putPart(op, bytes, { "Content-Type": "image/jpeg" })).status).toBe(400);
    expect((await fetch(op.url, { method: "PUT", headers: headersOf(op), body: new Uint8Array(bytes.subarray(op.offset, op.offset + op.length - 1)) })).status).toBe(400);
    expect((await fetch(op.url)).status).toBe(405);
    // None of those stored a byte: committing now finds the first part missing.
    const committed = await commit("appScreenshots", reserved.body.data.id, md5(bytes));
    expect(committed.status).toBe(200);
    advance(5_000);
    expect((await stateOf(reserved.body.data.id)).assetDeliveryState.errors[0].code).toBe("ASSET_UPLOAD_INCOMPLETE");
  });

  it("fails a commit made before every part arrived, and takes no part after the commit", async () => {
    const bytes = png(1290, 2796);
    const reserved = await reserve(seededSet("APP_IPHONE_67"), "half.png", bytes.length);
    const ops = reserved.body.data.attributes.uploadOperations;
    expect(ops.length).toBeGreaterThan(1);
    for (const op of ops.slice(0, -1)) expect((await putPart(op, bytes)).status).toBe(200);
    await commit("appScreenshots", reserved.body.data.id, md5(bytes));
    expect((await putPart(ops[ops.length - 1], bytes)).status).toBe(409);
    expect(await commit("appScreenshots", reserved.body.data.id, md5(bytes))).toMatchObject({ status: 409, body: { errors: [{ code: "STATE_ERROR" }] } });
    advance(5_000);
    expect((await stateOf(reserved.body.data.id)).assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "ASSET_UPLOAD_INCOMPLETE" }] });
  });

  it("fails a commit whose checksum is not the MD5 of the bytes received", async () => {
    const bytes = png(1290, 2796);
    const id = await uploadScreenshot(seededSet("APP_IPHONE_67"), bytes, "sum.png", md5(Buffer.from("other bytes")));
    advance(5_000);
    expect((await stateOf(id)).assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "ASSET_CHECKSUM_MISMATCH" }] });
  });

  it("fails a screenshot whose size its display type does not take with IMAGE_INCORRECT_DIMENSIONS, and takes a JPEG of the right size", async () => {
    // 1284×2778 is a 6.5" size; the 6.9" set refuses it.
    const wrong = await uploadScreenshot(seededSet("APP_IPHONE_67"), png(1284, 2778));
    const jpeg = await uploadScreenshot(seededSet("APP_IPHONE_67"), jpegHeader(2796, 1290), "landscape.jpg");
    const gif = await uploadScreenshot(seededSet("APP_IPHONE_67"), Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(100)]), "moving.png");
    advance(5_000);
    expect((await stateOf(gif)).assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "IMG_BAD_FORMAT" }] });
    expect((await stateOf(wrong)).assetDeliveryState).toEqual({ state: "FAILED", errors: [{ code: "IMAGE_INCORRECT_DIMENSIONS", description: "IMAGE_INCORRECT_DIMENSIONS" }], warnings: null });
    expect((await stateOf(jpeg)).imageAsset).toMatchObject({ width: 2796, height: 1290 });
  });

  it("fails a PNG screenshot with an alpha channel with IMAGE_ALPHA_NOT_ALLOWED", async () => {
    const id = await uploadScreenshot(seededSet("APP_IPHONE_67"), png(1290, 2796, { alpha: true }));
    advance(5_000);
    expect((await stateOf(id)).assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "IMAGE_ALPHA_NOT_ALLOWED" }] });
  });

  it("refuses an 11th screenshot in a set at reservation with 409, counting reservations and failed ones", async () => {
    const setId = seededSet("APP_IPHONE_67");
    const failed = await uploadScreenshot(setId, png(1284, 2778));
    for (let i = 5; i <= 10; i++) expect((await reserve(setId, `${i}.png`, 1000)).status).toBe(201);
    const eleventh = await reserve(setId, "11.png", 1000);
    expect(eleventh).toMatchObject({ status: 409, body: { errors: [{ code: "ENTITY_ERROR.RELATIONSHIP.INVALID", source: { pointer: "/data/relationships/appScreenshotSet" } }] } });
    expect((await api("DELETE", `/v1/appScreenshots/${failed}`)).status).toBe(204);
    expect((await reserve(setId, "11.png", 1000)).status).toBe(201);
  });

  it("retries a part that failed with 500, and shows a processing failure as FAILED", async () => {
    await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ uploadPartFailNext: 1, mediaProcessingFailNext: 1 }) });
    const bytes = png(1290, 2796);
    const reserved = await reserve(seededSet("APP_IPHONE_67"), "retry.png", bytes.length);
    const [op] = reserved.body.data.attributes.uploadOperations;
    expect((await putPart(op, bytes)).status).toBe(500);
    await uploadParts(reserved.body.data, bytes);
    await commit("appScreenshots", reserved.body.data.id, md5(bytes));
    const second = await uploadScreenshot(seededSet("APP_IPHONE_67"), bytes, "second.png");
    advance(5_000);
    expect((await stateOf(reserved.body.data.id)).assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "IMAGE_TOOL_FAILURE" }] });
    expect((await stateOf(second)).assetDeliveryState.state).toBe("COMPLETE");
  });

  it("reorders a set with the full list of its screenshots, and refuses a list that leaves one out, repeats one or adds another", async () => {
    const setId = seededSet("APP_IPHONE_67");
    const rel = `/v1/appScreenshotSets/${setId}/relationships/appScreenshots`;
    const ids = (await api("GET", rel)).body.data.map((d: { id: string }) => d.id);
    expect(ids).toHaveLength(3);
    const linkage = (list: string[]) => ({ data: list.map((id) => ({ type: "appScreenshots", id })) });
    expect((await api("PATCH", rel, linkage([...ids].reverse()))).status).toBe(204);
    expect((await api("GET", rel)).body.data.map((d: { id: string }) => d.id)).toEqual([...ids].reverse());
    expect((await api("GET", `/v1/appScreenshotSets/${setId}/appScreenshots`)).body.data.map((d: Doc) => d.id)).toEqual([...ids].reverse());
    const other = sim.state.media.sets.find((s) => s.id === seededSet("APP_IPAD_PRO_3GEN_129"))!.assetIds[0];
    for (const bad of [ids.slice(1), [...ids, ids[0]], [...ids.slice(1), other]]) {
      expect(await api("PATCH", rel, linkage(bad))).toMatchObject({ status: 409, body: { errors: [{ code: "ENTITY_ERROR.RELATIONSHIP.INVALID" }] } });
    }
    expect((await api("DELETE", `/v1/appScreenshots/${ids[1]}`)).status).toBe(204);
    expect((await api("GET", rel)).body.data.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[0]]);
  });

  it("uploads an app preview that passes through PROCESSING to COMPLETE, three at most in a set", async () => {
    const setId = sim.state.media.sets.find((s) => s.locId === editableLoc() && s.kind === "previews")!.id;
    const movie = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypmp42"), Buffer.alloc(9000, 7)]);
    const reserved = await reserve(setId, "01_IPHONE_67.mp4", movie.length, "appPreviews", { mimeType: "video/mp4", previewFrameTimeCode: "00:00:05:00" });
    expect(reserved.status).toBe(201);
    expect(reserved.body.data.attributes.videoDeliveryState.state).toBe("AWAITING_UPLOAD");
    expect(reserved.body.data.attributes.uploadOperations[0].requestHeaders).toEqual([{ name: "Content-Type", value: "video/mp4" }]);
    await uploadParts(reserved.body.data, movie);
    expect((await commit("appPreviews", reserved.body.data.id, md5(movie))).body.data.attributes.videoDeliveryState.state).toBe("UPLOAD_COMPLETE");
    advance(5_000);
    const processing = await stateOf(reserved.body.data.id, "appPreviews");
    expect(processing).toMatchObject({ videoDeliveryState: { state: "PROCESSING" }, videoUrl: null, previewFrameImage: { state: { state: "PROCESSING" } } });
    advance(55_000);
    const done = await stateOf(reserved.body.data.id, "appPreviews");
    expect(done.videoDeliveryState.state).toBe("COMPLETE");
    expect(done.videoUrl).toEqual(expect.any(String));
    expect(done.previewFrameTimeCode).toBe("00:00:05:00");
    expect((await reserve(setId, "02.mp4", 100, "appPreviews")).status).toBe(201);
    expect((await reserve(setId, "03.mp4", 100, "appPreviews")).status).toBe(409);
  });

  it("serves a finished screenshot's file at its image URL to anyone, without a token, and no image before processing ends or after deletion", async () => {
    const set = await createSet("APP_IPHONE_65");
    const bytes = png(1242, 2688, { rgb: [10, 200, 30] });
    const id = await uploadScreenshot(set.body.data.id, bytes, "01 home.png");
    const fill = (template: string, w: number, h: number) => template.replace("{w}", String(w)).replace("{h}", String(h)).replace("{f}", "png");
    const early = `${sim.url}/image/thumb/Purple/sim/${id}/${encodeURIComponent("01 home.png")}/600x1300bb.png`;
    expect((await fetch(early)).status).toBe(404);
    advance(5_000);
    const imageAsset = { templateUrl: await templateOf(id) };
    expect(imageAsset.templateUrl).toBe(`${sim.url}/image/thumb/Purple/sim/${id}/01 home.png/{w}x{h}bb.{f}`);
    const before = { ...sim.stats.requests };
    // Apple would re-render at the size asked for; the simulator serves the file as committed.
    const res = await fetch(fill(imageAsset.templateUrl, 300, 650));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(sim.stats.requests).toEqual(before);
    // A JPEG is served as a JPEG.
    const jpeg = jpegHeader(1242, 2688);
    const jpegId = await uploadScreenshot(set.body.data.id, jpeg, "02.jpg");
    advance(5_000);
    const jpegRes = await fetch(fill(await templateOf(jpegId), 300, 650));
    expect(jpegRes.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await jpegRes.arrayBuffer()).equals(jpeg)).toBe(true);
    // Seeded screenshots and previews: an opaque PNG of the asset's size.
    const seeded = sim.state.media.sets.find((s) => s.id === seededSet("APP_IPHONE_67"))!.assetIds[0];
    const seededImage = await templateOf(seeded);
    expect(readImage(Buffer.from(await (await fetch(fill(seededImage, 300, 650))).arrayBuffer()))).toEqual({ format: "PNG", width: 1290, height: 2796, alpha: false });
    const preview = sim.state.media.sets.find((s) => s.locId === editableLoc() && s.kind === "previews")!.assetIds[0];
    const previewImage = await templateOf(preview, "appPreviews");
    expect(readImage(Buffer.from(await (await fetch(fill(previewImage, 300, 650))).arrayBuffer()))).toEqual({ format: "PNG", width: 886, height: 1920, alpha: false });
    // The template unfilled, another file name, or a deleted screenshot: no image.
    expect((await fetch(imageAsset.templateUrl)).status).toBe(404);
    expect((await fetch(fill(imageAsset.templateUrl.replace("01 home.png", "other.png"), 300, 650))).status).toBe(404);
    expect((await api("DELETE", `/v1/appScreenshots/${id}`)).status).toBe(204);
    expect((await fetch(fill(imageAsset.templateUrl, 300, 650))).status).toBe(404);
  });

  it("tells tests what it holds for a localization: sets and assets in order, file names, checksums, the MD5 of the bytes received and delivery states", async () => {
    const held = async () => (await (await fetch(`${sim.url}/__sim/media/state?locId=${editableLoc()}`)).json()) as { sets: { id: string; kind: string; locale: string; displayType: string; assets: { id: string; fileName: string; checksum: string | null; receivedMd5: string | null; deliveryState: string; errors: { code: string }[] }[] }[] };
    const seeded = await held();
    expect(seeded.sets.map((s) => [s.kind, s.locale, s.displayType, s.assets.length])).toEqual([["screenshots", "en-US", "APP_IPHONE_67", 3], ["screenshots", "en-US", "APP_IPAD_PRO_3GEN_129", 2], ["previews", "en-US", "IPHONE_67", 1]]);
    expect(seeded.sets[0].assets.map((a) => a.fileName)).toEqual(["app_iphone_67-1.png", "app_iphone_67-2.png", "app_iphone_67-3.png"]);
    const set = await createSet("APP_IPHONE_65");
    const good = png(1242, 2688);
    const goodId = await uploadScreenshot(set.body.data.id, good, "01.png");
    const badId = await uploadScreenshot(set.body.data.id, good, "02.png", md5(Buffer.from("something else")));
    let mine = (await held()).sets.find((s) => s.id === set.body.data.id)!;
    expect(mine.assets).toMatchObject([
      { id: goodId, fileName: "01.png", checksum: md5(good), deliveryState: "UPLOAD_COMPLETE" },
      { id: badId, fileName: "02.png", checksum: md5(Buffer.from("something else")), deliveryState: "UPLOAD_COMPLETE" },
    ]);
    advance(5_000);
    mine = (await held()).sets.find((s) => s.id === set.body.data.id)!;
    expect(mine.assets).toMatchObject([
      { id: goodId, checksum: md5(good), receivedMd5: md5(good), deliveryState: "COMPLETE", errors: [] },
      { id: badId, receivedMd5: null, deliveryState: "FAILED", errors: [{ code: "ASSET_CHECKSUM_MISMATCH" }] },
    ]);
    expect((await (await fetch(`${sim.url}/__sim/media/state`)).json()).sets.length).toBe(sim.state.media.sets.length);
  });
});
