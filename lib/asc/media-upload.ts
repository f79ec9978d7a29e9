import { createReadStream } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { ascClient } from "./client";
import { AscError } from "./errors";

/**
 * Apple's asset upload protocol ("Uploading assets to App Store Connect") for screenshots
 * and app previews: find or create the set, reserve the asset (Apple answers with upload
 * operations), PUT each operation's bytes to the upload host with exactly the headers it
 * lists, commit with the MD5 of the file, then read the delivery state until Apple has
 * processed it. The upload host is not App Store Connect: its URLs are pre-signed, and
 * the connection's bearer token never goes there (plain HTTP, not the API client).
 */

type Client = ReturnType<typeof ascClient>;
export type MediaKindName = "SCREENSHOT" | "PREVIEW";

const NAMES = {
  SCREENSHOT: { setType: "appScreenshotSets", assetType: "appScreenshots", setRel: "appScreenshotSet", typeAttr: "screenshotDisplayType", state: "assetDeliveryState" },
  PREVIEW: { setType: "appPreviewSets", assetType: "appPreviews", setRel: "appPreviewSet", typeAttr: "previewType", state: "videoDeliveryState" },
} as const;

export type UploadOperation = { method: string; url: string; offset: number; length: number; requestHeaders: { name: string; value: string }[] };
export type AppleAsset = { id: string; fileName: string; fileSize: number; state: string; errors: { code: string; description: string }[] };
export type AppleSet = { id: string; displayType: string; assets: AppleAsset[] };

type Resource = { type: string; id: string; attributes?: Record<string, unknown>; relationships?: Record<string, { data?: { type: string; id: string }[] }> };
type DeliveryState = { state?: string; errors?: { code?: string; description?: string }[] } | null | undefined;

function assetOf(kind: MediaKindName, r: Resource): AppleAsset {
  const a = r.attributes ?? {};
  const d = a[NAMES[kind].state] as DeliveryState;
  return {
    id: r.id,
    fileName: String(a.fileName ?? ""),
    fileSize: Number(a.fileSize ?? 0),
    state: d?.state ?? "AWAITING_UPLOAD",
    errors: (d?.errors ?? []).map((e) => ({ code: e.code ?? "UNKNOWN", description: e.description ?? "" })),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One PUT of a file's bytes [offset, offset + length) to the upload host, streamed from disk. */
function putOnce(op: UploadOperation, file: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(op.url);
    const headers: Record<string, string> = {};
    for (const h of op.requestHeaders) headers[h.name] = h.value;
    headers["Content-Length"] = String(op.length);
    const send = url.protocol === "https:" ? https.request : http.request;
    const req = send(url, { method: op.method, headers, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("upload part timed out")));
    req.on("error", reject);
    const body = createReadStream(file, { start: op.offset, end: op.offset + op.length - 1 });
    body.on("error", (e) => req.destroy(e));
    body.pipe(req);
  });
}

export class UploadPartError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "UploadPartError";
  }
}

/**
 * Sends one upload operation, trying again a few times with growing pauses when the host
 * fails or cannot be reached; a refusal (4xx) is not retried.
 */
export async function putPart(op: UploadOperation, file: string, opts: { attempts?: number; baseDelayMs?: number; timeoutMs?: number } = {}) {
  const attempts = opts.attempts ?? 4;
  let last = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let status = 0;
    try {
      status = await putOnce(op, file, opts.timeoutMs ?? 120_000);
      if (status >= 200 && status < 300) return;
      last = `the upload host answered ${status}`;
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new UploadPartError(status, last);
    } catch (e) {
      if (e instanceof UploadPartError) throw e;
      last = (e as Error).message;
    }
    if (attempt < attempts) await sleep((opts.baseDelayMs ?? 500) * 2 ** (attempt - 1));
  }
  throw new UploadPartError(0, `A part of the file could not be uploaded (${last}).`);
}

export function mediaUploader(client: Client) {
  return {
    /** The localization's sets of one kind with their assets in Apple's order: one request. */
    async sets(kind: MediaKindName, localizationAppleId: string): Promise<AppleSet[]> {
      const n = NAMES[kind];
      const res = await client.request<{ data: Resource[]; included?: Resource[] }>({
        path: `/v1/appStoreVersionLocalizations/${localizationAppleId}/${n.setType}`,
        query: {
          include: n.assetType,
          limit: 50,
          [`limit[${n.assetType}]`]: 50,
          [`fields[${n.setType}]`]: `${n.typeAttr},${n.assetType}`,
          [`fields[${n.assetType}]`]: `fileName,fileSize,${n.state}`,
        },
      });
      const included = new Map((res.body.included ?? []).filter((r) => r.type === n.assetType).map((r) => [r.id, r]));
      return res.body.data.map((s) => ({
        id: s.id,
        displayType: String(s.attributes?.[n.typeAttr] ?? ""),
        assets: (s.relationships?.[n.assetType]?.data ?? []).map((l) => assetOf(kind, included.get(l.id) ?? { type: n.assetType, id: l.id })),
      }));
    },

    async createSet(kind: MediaKindName, localizationAppleId: string, displayType: string): Promise<string> {
      const n = NAMES[kind];
      const res = await client.request<{ data: Resource }>({
        method: "POST",
        path: `/v1/${n.setType}`,
        body: { data: { type: n.setType, attributes: { [n.typeAttr]: displayType }, relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localizationAppleId } } } } },
      });
      return res.body.data.id;
    },

    /** Reserves an asset in the set; Apple answers with the upload operations. */
    async reserve(kind: MediaKindName, setId: string, file: { fileName: string; fileSize: number; mimeType?: string | null; previewFrameTimeCode?: string | null }) {
      const n = NAMES[kind];
      const attributes: Record<string, unknown> = { fileName: file.fileName, fileSize: file.fileSize };
      if (kind === "PREVIEW" && file.mimeType) attributes.mimeType = file.mimeType;
      if (kind === "PREVIEW" && file.previewFrameTimeCode) attributes.previewFrameTimeCode = file.previewFrameTimeCode;
      const res = await client.request<{ data: Resource }>({
        method: "POST",
        path: `/v1/${n.assetType}`,
        body: { data: { type: n.assetType, attributes, relationships: { [n.setRel]: { data: { type: n.setType, id: setId } } } } },
      });
      const ops = ((res.body.data.attributes?.uploadOperations ?? []) as UploadOperation[]).map((o) => ({
        method: o.method,
        url: o.url,
        offset: o.offset,
        length: o.length,
        requestHeaders: (o.requestHeaders ?? []).map((h) => ({ name: h.name, value: h.value })),
      }));
      return { id: res.body.data.id, operations: ops.sort((a, b) => a.offset - b.offset) };
    },

    /** Commits the upload with the file's MD5. A commit Apple already took (a worker that died before noting it) counts as done. */
    async commit(kind: MediaKindName, assetId: string, md5: string) {
      const n = NAMES[kind];
      try {
        await client.request({ method: "PATCH", path: `/v1/${n.assetType}/${assetId}`, body: { data: { type: n.assetType, id: assetId, attributes: { uploaded: true, sourceFileChecksum: md5 } } } });
      } catch (e) {
        if (e instanceof AscError && e.status === 409 && e.code === "STATE_ERROR" && /already committed/i.test(e.detail ?? "")) return;
        throw e;
      }
    },

    /** The set's assets in Apple's order with their delivery states: one request, for every upload to the set at once. */
    async assets(kind: MediaKindName, setId: string): Promise<AppleAsset[]> {
      const n = NAMES[kind];
      const res = await client.request<{ data: Resource[] }>({
        path: `/v1/${n.setType}/${setId}/${n.assetType}`,
        query: { limit: 50, [`fields[${n.assetType}]`]: `fileName,fileSize,${n.state}` },
      });
      return res.body.data.map((r) => assetOf(kind, r));
    },

    /** Deletes an asset; one already gone is fine. */
    async deleteAsset(kind: MediaKindName, assetId: string) {
      try {
        await client.request({ method: "DELETE", path: `/v1/${NAMES[kind].assetType}/${assetId}` });
      } catch (e) {
        if (e instanceof AscError && e.status === 404) return;
        throw e;
      }
    },

    /** Puts the set's assets in this order (the full list of its members). */
    async reorder(kind: MediaKindName, setId: string, assetIds: string[]) {
      const n = NAMES[kind];
      await client.request({ method: "PATCH", path: `/v1/${n.setType}/${setId}/relationships/${n.assetType}`, body: { data: assetIds.map((id) => ({ type: n.assetType, id })) } });
    },
  };
}

export type MediaUploader = ReturnType<typeof mediaUploader>;
