import type { FieldName } from "@/lib/metadata/fields";
import type { metadataGrid } from "@/lib/metadata/grid";
import type { metadataHistory, PushReport } from "@/lib/metadata/push";

export type TGrid = Awaited<ReturnType<typeof metadataGrid>>;
export type TCell = NonNullable<TGrid["rows"][number]["cells"][FieldName]>;
export type TChange = Awaited<ReturnType<typeof metadataHistory>>[number];
export type { PushReport };

/** One cell of the grid: a field of one localization. */
export const cellKey = (localizationId: string, field: FieldName) => `${localizationId}:${field}`;

/** Safe in an element id: localization ids are cuids, field names are letters. */
export const cellId = (localizationId: string, field: FieldName) => `cell-${localizationId}-${field}`;

export const stateWords = (s: string) => s.replaceAll("_", " ").toLowerCase();

/** The same text on the server's render and in the browser, whatever the browser's time zone. */
export const utc = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "never");

/** What the cell shows: what was typed here, else the draft, else the live value. */
export function shownValue(cell: TCell, typed: string | undefined) {
  return typed ?? cell.draft?.value ?? cell.live ?? "";
}
