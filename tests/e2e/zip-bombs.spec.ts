import { mkdir, writeFile } from "node:fs/promises";
import { expect, request as pwRequest, test, type APIRequestContext } from "@playwright/test";
import { strToU8, zipSync } from "fflate";
import { zipBombCorpus } from "../support/zip-bombs";
import { jsonHeaders, newOwner } from "./support/api";
import { makeTarget } from "./support/target";

const importPath = (orgId: string, appId: string) => `/api/orgs/${orgId}/apps/${appId}/metadata/import`;
const b64 = (zip: Uint8Array) => Buffer.from(zip).toString("base64");
/** How long the corpus is sent over and over. */
const LOAD_MS = 9_000;

async function upload(ctx: APIRequestContext, baseURL: string, path: string, zip: Uint8Array, apply = false) {
  const started = performance.now();
  const res = await ctx.post(path, { headers: jsonHeaders(baseURL), data: { zip: b64(zip), apply } });
  return { status: res.status(), body: await res.json(), ms: performance.now() - started };
}

const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)];
};

test("hostile zips get a 422 naming the problem while /api/health keeps answering; a real metadata folder still imports", async ({ baseURL }) => {
  test.setTimeout(90_000);
  const [owner, viewer, probe] = await Promise.all([0, 1, 2].map(() => pwRequest.newContext({ baseURL })));
  const { target } = await makeTarget(owner, viewer, baseURL!, "zipbomb");
  const path = importPath(target.orgId, target.appId);
  const corpus = zipBombCorpus();
  const good = zipSync({ "metadata/de-DE/name.txt": strToU8("Neuer Name\n") });

  // The route and the health check are loaded before anything is measured.
  expect((await upload(owner, baseURL!, path, good)).status).toBe(200);
  for (let i = 0; i < 5; i++) expect((await probe.get("/api/health")).status()).toBe(200);

  const health: number[] = [];
  let uploading = true;
  const polling = (async () => {
    while (uploading) {
      const started = performance.now();
      const res = await probe.get("/api/health");
      health.push(performance.now() - started);
      expect(res.status()).toBe(200);
    }
  })();

  let uploads = 0;
  const slowest = new Map<string, number>();
  try {
    const until = performance.now() + LOAD_MS;
    while (performance.now() < until) {
      const bomb = corpus[uploads % corpus.length];
      const { status, body, ms } = await upload(owner, baseURL!, path, bomb.zip, true);
      expect(status, bomb.label).toBe(422);
      expect(body, bomb.label).toEqual({ error: { code: "validation", message: bomb.message, field: "zip" } });
      slowest.set(bomb.label, Math.max(slowest.get(bomb.label) ?? 0, ms));
      uploads++;
    }
  } finally {
    uploading = false;
    await polling;
  }

  const figure = p99(health);
  const line = `zip corpus: ${uploads} uploads, /api/health p99 ${figure.toFixed(1)} ms over ${health.length} requests`;
  process.stdout.write(`${line}\n`);
  test.info().annotations.push({ type: "zip corpus", description: line });
  await mkdir("test-results", { recursive: true });
  await writeFile("test-results/zip-bombs-health.json", JSON.stringify({ line, uploads, healthRequests: health.length, p99Ms: figure, slowestUploadMs: Object.fromEntries(slowest) }, null, 2));
  expect(uploads).toBeGreaterThanOrEqual(corpus.length);
  expect(figure).toBeLessThan(200);

  // None of it became a draft; a real fastlane folder still imports.
  const imported = await upload(owner, baseURL!, path, good, true);
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  expect(imported.body).toMatchObject({ changes: [{ locale: "de-DE", field: "name", to: "Neuer Name" }], problems: [], applied: true });
});

test("a bomb from another organisation's member, from a viewer, or for an app outside the sender's organisation is refused by tenancy or role, not read", async ({ baseURL }) => {
  const [owner, viewer, stranger] = await Promise.all([0, 1, 2].map(() => pwRequest.newContext({ baseURL })));
  const { target } = await makeTarget(owner, viewer, baseURL!, "zipbomb-tenancy");
  const own = await newOwner(stranger, baseURL!, "zipbomb-stranger");
  const bomb = zipBombCorpus()[0];

  // A member of another organisation, at the target's path.
  const foreign = await upload(stranger, baseURL!, importPath(target.orgId, target.appId), bomb.zip, true);
  expect(foreign.status).toBe(404);
  expect(foreign.body).toEqual({ error: { code: "not_found", message: "Organisation was not found." } });
  // Anyone can sign up and own an organisation: the app id is looked up in it before the zip is touched.
  const elsewhere = await upload(stranger, baseURL!, importPath(own.orgId, target.appId), bomb.zip, true);
  expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(404);
  expect(elsewhere.body).toEqual({ error: { code: "not_found", message: "App was not found." } });
  // A viewer of the target may not edit metadata.
  const viewed = await upload(viewer, baseURL!, importPath(target.orgId, target.appId), bomb.zip, true);
  expect(viewed.status).toBe(403);
  expect(viewed.body).toEqual({ error: { code: "forbidden", message: "Your role does not allow this." } });
  for (const r of [foreign, elsewhere, viewed]) expect(r.ms).toBeLessThan(1000);

  // The control: the app's owner sending the same zip has it read, and refused.
  const control = await upload(owner, baseURL!, importPath(target.orgId, target.appId), bomb.zip, true);
  expect(control.status).toBe(422);
  expect(control.body).toEqual({ error: { code: "validation", message: bomb.message, field: "zip" } });
});
