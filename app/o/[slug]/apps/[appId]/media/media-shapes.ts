import type { mediaGrid, mediaHistory, UploadView } from "@/lib/media/view";
import { previewType, screenshotType, sizesInWords, SCREENSHOT_SPECS_URL, PREVIEW_SPECS_URL } from "@/lib/media/specs";

/* What the media page reads: the grid, uploads and history as the media API answers them. */

export type TKind = "SCREENSHOT" | "PREVIEW";
export type TMediaGrid = Awaited<ReturnType<typeof mediaGrid>>;
export type TRow = TMediaGrid["rows"][number];
export type TCell = TRow["screenshots"][string];
export type TSet = NonNullable<TCell["set"]>;
export type TAsset = TSet["assets"][number];
export type TColumn = TMediaGrid["columns"]["screenshots"][number];
export type TUpload = UploadView;
export type TMediaChange = Awaited<ReturnType<typeof mediaHistory>>[number];

export const FINISHED = new Set(["COMPLETE", "FAILED", "CANCELLED"]);

/** The name people know a display type by. */
export function typeLabel(kind: TKind, displayType: string, given?: string) {
  return given ?? (kind === "SCREENSHOT" ? screenshotType(displayType)?.label : previewType(displayType)?.label) ?? displayType;
}

/** The sizes a display type accepts, in words, and the page of Apple's specifications they come from. */
export function acceptedSizes(kind: TKind, displayType: string) {
  const spec = kind === "SCREENSHOT" ? screenshotType(displayType) : previewType(displayType);
  return { words: spec ? sizesInWords(spec.sizes) : "", url: kind === "SCREENSHOT" ? SCREENSHOT_SPECS_URL : PREVIEW_SPECS_URL };
}

/** Apple's delivery states in words; previews' processing takes minutes and says so. */
export function deliveryWords(state: string | null | undefined, kind: TKind) {
  switch (state) {
    case "COMPLETE":
      return "Ready";
    case "FAILED":
      return "Failed at Apple";
    case "PROCESSING":
    case "UPLOAD_COMPLETE":
      return kind === "PREVIEW" ? "Processing (can take minutes)" : "Apple is processing";
    case "AWAITING_UPLOAD":
      return "Waiting for upload";
    default:
      return state ? state.replaceAll("_", " ").toLowerCase() : "";
  }
}

/** Where an upload stands, in words. */
export function uploadWords(u: TUpload) {
  switch (u.status) {
    case "QUEUED":
      return "Waiting";
    case "RESERVED":
      return u.partsTotal ? `Uploading, part ${u.partsDone} of ${u.partsTotal}` : "Uploading";
    case "UPLOADED":
      return "Sent; confirming with Apple";
    case "COMMITTED":
      return deliveryWords(u.deliveryState ?? "UPLOAD_COMPLETE", u.kind);
    case "COMPLETE":
      return "Done";
    case "FAILED":
      return `Failed${u.error ? `: ${u.error}` : ""}`;
    case "CANCELLED":
      return "Cancelled";
    default:
      return String(u.status).toLowerCase();
  }
}

/** How far along an upload is, 0 to 1: the parts carry most of the bar, Apple's processing the rest. */
export function uploadFraction(u: TUpload) {
  switch (u.status) {
    case "QUEUED":
      return 0;
    case "RESERVED":
      return 0.05 + 0.75 * (u.partsTotal ? u.partsDone / u.partsTotal : 0);
    case "UPLOADED":
      return 0.85;
    case "COMMITTED":
      return 0.9;
    default:
      return 1;
  }
}

export const utc = (d: string | Date | null | undefined) => {
  if (!d) return "never";
  const iso = typeof d === "string" ? d : d.toISOString();
  return `${iso.replace("T", " ").slice(0, 16)} UTC`;
};
