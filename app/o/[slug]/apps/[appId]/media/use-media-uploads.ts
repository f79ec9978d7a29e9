"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { callApi, type ApiError } from "@/app/_components/api";
import { FINISHED, type TKind, type TUpload } from "./media-shapes";

export type UploadTarget = { localizationId: string; displayType: string; kind: TKind; replacesAssetId?: string; previewFrameTimeCode?: string };

/**
 * Sends a file as the raw request body. The Blob is re-typed as empty so the browser sends no
 * content type: the same-origin guard takes JSON or no type at all, and the server reads the
 * file's real format from its bytes, never from a header.
 */
async function sendRaw<T>(url: string, file: Blob): Promise<{ ok: true; data: T } | { ok: false; error: ApiError & { refusals?: { file: string; message: string }[] } }> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", body: file.slice(0, file.size, ""), credentials: "same-origin" });
  } catch {
    return { ok: false, error: { code: "network", message: "Could not reach the server. Check your connection and try again." } };
  }
  const json = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: json as T };
  const refusals = json?.refusals ?? json?.error?.refusals;
  return { ok: false, error: { ...((json?.error as ApiError) ?? { code: "http", message: `The server answered ${res.status}.` }), refusals } };
}

/**
 * The uploads started from this page: sending files one after the other (so they reach the
 * set in the order given), and polling each batch's progress until every file is finished at
 * Apple, then `onSettled` so the page reads the sets again.
 */
export function useMediaUploads(base: string, initial: TUpload[], onSettled: () => void) {
  const [uploads, setUploads] = useState<TUpload[]>(initial);
  const settled = useRef(onSettled);
  useEffect(() => {
    settled.current = onSettled;
  }, [onSettled]);

  const merge = useCallback((rows: TUpload[]) => {
    setUploads((now) => {
      const byId = new Map(now.map((u) => [u.id, u]));
      for (const r of rows) byId.set(r.id, r);
      return [...byId.values()];
    });
  }, []);

  const pending = [...new Set(uploads.filter((u) => !FINISHED.has(u.status)).map((u) => u.batchId))].join(",");
  useEffect(() => {
    if (!pending) return;
    let stop = false;
    const timer = setInterval(async () => {
      const results = await Promise.all(pending.split(",").map((b) => callApi<{ uploads: TUpload[] }>("GET", `${base}/uploads?batchId=${encodeURIComponent(b)}`)));
      if (stop) return;
      const rows = results.flatMap((r) => (r.ok ? r.data.uploads : []));
      merge(rows);
      // A batch that finished since the last poll changed what Apple holds (it then leaves `pending`, so this runs once per batch).
      const finished = (b: string) => {
        const of = rows.filter((r) => r.batchId === b);
        return of.length > 0 && of.every((r) => FINISHED.has(r.status));
      };
      if (pending.split(",").some(finished)) settled.current();
    }, 1000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [base, pending, merge]);

  /** Sends the files to one set; returns the server's refusals by file (nothing after a refusal is lost: each file stands alone). */
  const send = useCallback(
    async (target: UploadTarget, files: File[]) => {
      const refusals: string[] = [];
      let batchId: string | undefined;
      for (const file of files) {
        const q = new URLSearchParams({ localizationId: target.localizationId, displayType: target.displayType, kind: target.kind, fileName: file.name });
        if (batchId) q.set("batchId", batchId);
        if (target.replacesAssetId) q.set("replacesAssetId", target.replacesAssetId);
        if (target.previewFrameTimeCode) q.set("previewFrameTimeCode", target.previewFrameTimeCode);
        const res = await sendRaw<{ upload: TUpload }>(`${base}/uploads?${q}`, file);
        if (res.ok) {
          batchId = res.data.upload.batchId;
          merge([res.data.upload]);
        } else {
          refusals.push(res.error.refusals?.map((r) => r.message).join(" ") || (res.error.message.includes(file.name) ? res.error.message : `${file.name}: ${res.error.message}`));
        }
      }
      return refusals;
    },
    [base, merge],
  );

  /** Sends a fastlane screenshots/ zip; every file in it is checked before any is queued. */
  const importZip = useCallback(
    async (versionId: string, zip: File) => {
      const res = await sendRaw<{ batchId: string; uploads: TUpload[] }>(`${base}/import?versionId=${encodeURIComponent(versionId)}`, zip);
      if (res.ok) {
        merge(res.data.uploads);
        return { refusals: [], queued: res.data.uploads.length };
      }
      return { refusals: res.error.refusals?.map((r) => r.message) ?? [res.error.message], queued: 0 };
    },
    [base, merge],
  );

  const clearFinished = useCallback(() => setUploads((now) => now.filter((u) => !FINISHED.has(u.status))), []);
  return { uploads, send, importZip, track: merge, clearFinished };
}
