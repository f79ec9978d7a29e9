import { createHash } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { env } from "@/lib/env";
import type { Priority } from "./budget";
import type { ascClient } from "./client";
import { ReportFormatError } from "./errors";
import { gzipTsv } from "./reports";

type Client = ReturnType<typeof ascClient>;

/**
 * Apple's Analytics Reports API (App Store Connect API 4.4+): report requests per app, the
 * reports a request makes available, their instances (one per granularity and processing
 * date) and the segments (files) of an instance. Lists follow `links.next` to the end.
 */
export type AnalyticsAccessType = "ONGOING" | "ONE_TIME_SNAPSHOT";

const ZRequest = z.object({
  id: z.string(),
  attributes: z.object({ accessType: z.string().nullish(), stoppedDueToInactivity: z.boolean().nullish() }).nullish(),
});
const ZReport = z.object({ id: z.string(), attributes: z.object({ name: z.string().nullish(), category: z.string().nullish() }).nullish() });
const ZInstance = z.object({ id: z.string(), attributes: z.object({ granularity: z.string().nullish(), processingDate: z.string().nullish() }).nullish() });
const ZSegment = z.object({ id: z.string(), attributes: z.object({ checksum: z.string().nullish(), sizeInBytes: z.number().nullish(), url: z.string().nullish() }).nullish() });
const ZPage = z.object({ data: z.array(z.unknown()), links: z.object({ next: z.string().nullish() }).nullish() });

export type ReportRequest = { id: string; accessType: string; stopped: boolean };
export type AnalyticsReport = { id: string; name: string; category: string };
export type ReportInstance = { id: string; granularity: string; processingDate: string };
export type ReportSegment = { id: string; checksum: string; sizeInBytes: number | null; url: string };

export function analyticsReader(client: Client, priority: Priority = "background") {
  async function all<T>(path: string, query: Record<string, string | number>, schema: z.ZodType<T>): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined;
    let first = true;
    while (first || next) {
      const res = await client.request<unknown>({ path: next ?? path, query: next ? undefined : query, priority });
      first = false;
      const page = ZPage.parse(res.body);
      for (const d of page.data) out.push(schema.parse(d));
      next = page.links?.next ?? undefined;
    }
    return out;
  }

  return {
    /** An app's report requests of one access type. */
    async requests(appleAppId: string, accessType: AnalyticsAccessType): Promise<ReportRequest[]> {
      const list = await all(`/v1/apps/${appleAppId}/analyticsReportRequests`, { limit: 200, "filter[accessType]": accessType }, ZRequest);
      return list.map((r) => ({ id: r.id, accessType: r.attributes?.accessType ?? accessType, stopped: r.attributes?.stoppedDueToInactivity === true }));
    },

    /** Asks Apple to start generating an app's reports (Admin keys only; 409 when one is there already). */
    async createRequest(appleAppId: string, accessType: AnalyticsAccessType): Promise<string> {
      const res = await client.request<{ data: { id: string } }>({
        method: "POST",
        path: "/v1/analyticsReportRequests",
        body: { data: { type: "analyticsReportRequests", attributes: { accessType }, relationships: { app: { data: { type: "apps", id: appleAppId } } } } },
        priority,
      });
      return res.body.data.id;
    },

    /** The reports of a request with these names. */
    async reports(requestId: string, names: readonly string[]): Promise<AnalyticsReport[]> {
      const list = await all(`/v1/analyticsReportRequests/${requestId}/reports`, { limit: 200, "filter[name]": names.join(",") }, ZReport);
      return list.map((r) => ({ id: r.id, name: r.attributes?.name ?? "", category: r.attributes?.category ?? "" }));
    },

    /** A report's instances of one granularity, every page. */
    async instances(reportId: string, granularity: "DAILY" | "WEEKLY" | "MONTHLY" = "DAILY"): Promise<ReportInstance[]> {
      const list = await all(`/v1/analyticsReports/${reportId}/instances`, { limit: 200, "filter[granularity]": granularity }, ZInstance);
      return list
        .filter((i) => /^\d{4}-\d{2}-\d{2}$/.test(i.attributes?.processingDate ?? ""))
        .map((i) => ({ id: i.id, granularity: i.attributes?.granularity ?? granularity, processingDate: i.attributes!.processingDate! }));
    },

    /** An instance's segments, each with its (short-lived) download URL and MD5 checksum. */
    async segments(instanceId: string): Promise<ReportSegment[]> {
      const list = await all(`/v1/analyticsReportInstances/${instanceId}/segments`, { limit: 200 }, ZSegment);
      return list.map((s) => {
        if (!s.attributes?.url || !s.attributes.checksum) throw new ReportFormatError("CORRUPT_REPORT", `Segment ${s.id} has no download URL or checksum.`);
        return { id: s.id, checksum: s.attributes.checksum.toLowerCase(), sizeInBytes: s.attributes.sizeInBytes ?? null, url: s.attributes.url };
      });
    },
  };
}

/**
 * A segment's gzip TSV, streamed in batches of rows (header first). The URL is pre-signed
 * and points away from the API: it is fetched plainly, never with the key's token (the
 * blob store refuses a second authentication). The MD5 of the bytes is computed as they
 * arrive and must equal Apple's checksum; otherwise the reader fails after the last row,
 * so a caller storing in a transaction rolls back.
 */
export async function* segmentTable(segment: Pick<ReportSegment, "url" | "checksum">): AsyncGenerator<string[][]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException("timed out", "TimeoutError")), env.ASC_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(segment.url, { signal: abort.signal, redirect: "follow" });
  } catch (e) {
    throw new ReportFormatError("TRUNCATED_REPORT", `the report file could not be downloaded (${(e as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new ReportFormatError("TRUNCATED_REPORT", `the report file's host answered ${res.status}`);
  }
  const md5 = createHash("md5");
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      md5.update(chunk);
      cb(null, chunk);
    },
  });
  pipeline(Readable.fromWeb(res.body as never), tap).catch((e: Error) => tap.destroy(e));
  yield* gzipTsv(tap);
  const got = md5.digest("hex");
  if (got !== segment.checksum.toLowerCase()) {
    throw new ReportFormatError("TRUNCATED_REPORT", `the report file's MD5 (${got}) does not match Apple's checksum (${segment.checksum})`);
  }
}
