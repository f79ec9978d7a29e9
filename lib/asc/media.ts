import { z } from "zod";
import type { ascClient } from "./client";
import type { Priority } from "./budget";

type Client = ReturnType<typeof ascClient>;

/**
 * Screenshots and app previews of a version localization, read from App Store Connect in
 * two requests: its screenshot sets with their screenshots (include), and its preview sets
 * with their previews, each with only the fields stored (sparse fields). A set holds at
 * most 10 screenshots or 3 previews, so the per-set limits below take a whole set.
 */

/** Apple's per-set maximums (lib/media/specs.ts LIMITS): one include page takes every asset of a set. */
const PER_SET = { screenshots: 10, previews: 3 } as const;

const ZState = z.object({
  state: z.string().nullish(),
  errors: z.array(z.object({ code: z.string().nullish(), description: z.string().nullish() })).nullish(),
}).nullish();
const ZImage = z.object({ templateUrl: z.string().nullish(), width: z.number().int().nullish(), height: z.number().int().nullish() }).nullish();
const ZLinkage = z.object({ type: z.string(), id: z.string() });
const ZRelated = z.object({ data: z.array(ZLinkage).nullish(), meta: z.object({ paging: z.object({ total: z.number().int() }).partial().nullish() }).nullish() }).nullish();

const ZScreenshot = z.object({
  type: z.literal("appScreenshots"),
  id: z.string(),
  attributes: z.object({
    fileSize: z.number().int().nullish(),
    fileName: z.string().nullish(),
    sourceFileChecksum: z.string().nullish(),
    imageAsset: ZImage,
    assetDeliveryState: ZState,
  }).nullish(),
});
const ZPreview = z.object({
  type: z.literal("appPreviews"),
  id: z.string(),
  attributes: z.object({
    fileSize: z.number().int().nullish(),
    fileName: z.string().nullish(),
    sourceFileChecksum: z.string().nullish(),
    mimeType: z.string().nullish(),
    previewFrameTimeCode: z.string().nullish(),
    videoUrl: z.string().nullish(),
    // previewImage is deprecated in favour of previewFrameImage.image; either may be sent.
    previewImage: ZImage,
    previewFrameImage: z.object({ image: ZImage }).nullish(),
    videoDeliveryState: ZState,
    assetDeliveryState: ZState,
  }).nullish(),
});
const ZScreenshotSet = z.object({
  type: z.literal("appScreenshotSets"),
  id: z.string(),
  attributes: z.object({ screenshotDisplayType: z.string() }),
  relationships: z.object({ appScreenshots: ZRelated }).nullish(),
});
const ZPreviewSet = z.object({
  type: z.literal("appPreviewSets"),
  id: z.string(),
  attributes: z.object({ previewType: z.string() }),
  relationships: z.object({ appPreviews: ZRelated }).nullish(),
});
const ZPage = z.object({
  data: z.array(z.unknown()),
  included: z.array(z.object({ type: z.string() }).loose()).nullish(),
  links: z.object({ next: z.string().nullish() }).nullish(),
});

export type ReadMediaAsset = {
  appleId: string;
  fileName: string;
  fileSize: number;
  checksum: string | null;
  width: number | null;
  height: number | null;
  /** assetDeliveryState of a screenshot, videoDeliveryState of a preview. */
  deliveryState: string;
  deliveryErrors: { code: string | null; description: string | null }[] | null;
  imageTemplateUrl: string | null;
  videoUrl: string | null;
  mimeType: string | null;
  previewFrameTimeCode: string | null;
};
export type ReadMediaSet = { appleId: string; kind: "SCREENSHOT" | "PREVIEW"; displayType: string; total: number; assets: ReadMediaAsset[] };

type Image = z.infer<typeof ZImage>;
type State = z.infer<typeof ZState>;

function assetOf(id: string, a: { fileSize?: number | null; fileName?: string | null; sourceFileChecksum?: string | null } | null | undefined, image: Image, state: State, extra: Partial<ReadMediaAsset> = {}): ReadMediaAsset {
  const errors = state?.errors?.map((e) => ({ code: e.code ?? null, description: e.description ?? null })) ?? [];
  return {
    appleId: id,
    fileName: a?.fileName ?? "",
    fileSize: a?.fileSize ?? 0,
    checksum: a?.sourceFileChecksum ?? null,
    width: image?.width ?? null,
    height: image?.height ?? null,
    deliveryState: state?.state ?? "AWAITING_UPLOAD",
    deliveryErrors: errors.length ? errors : null,
    imageTemplateUrl: image?.templateUrl ?? null,
    videoUrl: null,
    mimeType: null,
    previewFrameTimeCode: null,
    ...extra,
  };
}

const screenshotOf = (doc: unknown): ReadMediaAsset => {
  const s = ZScreenshot.parse(doc);
  return assetOf(s.id, s.attributes, s.attributes?.imageAsset, s.attributes?.assetDeliveryState);
};
const previewOf = (doc: unknown): ReadMediaAsset => {
  const p = ZPreview.parse(doc);
  const a = p.attributes;
  return assetOf(p.id, a, a?.previewFrameImage?.image ?? a?.previewImage, a?.videoDeliveryState ?? a?.assetDeliveryState, {
    videoUrl: a?.videoUrl ?? null,
    mimeType: a?.mimeType ?? null,
    previewFrameTimeCode: a?.previewFrameTimeCode ?? null,
  });
};

const KIND = {
  screenshots: {
    kind: "SCREENSHOT" as const,
    setType: "appScreenshotSets",
    assetType: "appScreenshots",
    assetFields: "fileSize,fileName,sourceFileChecksum,imageAsset,assetDeliveryState",
    query: { include: "appScreenshots", limit: 50, "limit[appScreenshots]": PER_SET.screenshots, "fields[appScreenshotSets]": "screenshotDisplayType,appScreenshots" },
    set: (doc: unknown) => {
      const s = ZScreenshotSet.parse(doc);
      return { id: s.id, displayType: s.attributes.screenshotDisplayType, related: s.relationships?.appScreenshots };
    },
    asset: screenshotOf,
  },
  previews: {
    kind: "PREVIEW" as const,
    setType: "appPreviewSets",
    assetType: "appPreviews",
    assetFields: "fileSize,fileName,sourceFileChecksum,mimeType,previewFrameTimeCode,videoUrl,previewImage,previewFrameImage,videoDeliveryState,assetDeliveryState",
    query: { include: "appPreviews", limit: 50, "limit[appPreviews]": PER_SET.previews, "fields[appPreviewSets]": "previewType,appPreviews" },
    set: (doc: unknown) => {
      const s = ZPreviewSet.parse(doc);
      return { id: s.id, displayType: s.attributes.previewType, related: s.relationships?.appPreviews };
    },
    asset: previewOf,
  },
};

export function mediaReader(client: Client, priority?: Priority) {
  /** Every set of one kind of a localization, each with its assets in Apple's order. */
  async function sets(locAppleId: string, which: keyof typeof KIND): Promise<ReadMediaSet[]> {
    const k = KIND[which];
    const out: ReadMediaSet[] = [];
    let next: string | undefined;
    let first = true;
    while (first || next) {
      const res = await client.request<unknown>({ path: next ?? `/v1/appStoreVersionLocalizations/${locAppleId}/${k.setType}`, query: next ? undefined : { ...k.query, [`fields[${k.assetType}]`]: k.assetFields }, priority });
      first = false;
      const page = ZPage.parse(res.body);
      const included = new Map((page.included ?? []).filter((d) => d.type === k.assetType).map((d) => [String(d.id), d]));
      for (const doc of page.data) {
        const set = k.set(doc);
        const ids = set.related?.data?.filter((l) => l.type === k.assetType).map((l) => l.id) ?? [];
        const total = set.related?.meta?.paging?.total ?? ids.length;
        // The include limit covers a whole set; a set Apple says holds more is read on its own.
        const assets = total > ids.length ? await setAssets(which, set.id) : ids.flatMap((id) => (included.has(id) ? [k.asset(included.get(id))] : []));
        out.push({ appleId: set.id, kind: k.kind, displayType: set.displayType, total: Math.max(total, assets.length), assets });
      }
      next = page.links?.next ?? undefined;
    }
    return out;
  }

  /** A set's assets in order, every page (only when the include above did not take them all). */
  async function setAssets(which: keyof typeof KIND, setAppleId: string): Promise<ReadMediaAsset[]> {
    const k = KIND[which];
    const out: ReadMediaAsset[] = [];
    for await (const page of client.pages<unknown>(`/v1/${k.setType}/${setAppleId}/${k.assetType}`, { [`fields[${k.assetType}]`]: k.assetFields }, priority)) {
      out.push(...page.map(k.asset));
    }
    return out;
  }

  return {
    /** Exactly two requests (unless Apple pages): the localization's screenshot sets and its preview sets, with their assets. */
    async localizationMedia(locAppleId: string): Promise<ReadMediaSet[]> {
      const [shots, previews] = await Promise.all([sets(locAppleId, "screenshots"), sets(locAppleId, "previews")]);
      return [...shots, ...previews];
    },
  };
}
