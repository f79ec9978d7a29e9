import { strToU8, zipSync } from "fflate";
import { z } from "zod";
import type { OrgContext } from "@/lib/tenancy/context";
import { saveDrafts } from "./drafts";
import { FIELDS, valueProblems, type FieldName } from "./fields";
import { metadataGrid } from "./grid";
import { readZipInWorker } from "./zip-reader";

/** fastlane deliver's file name of each field, inside `metadata/<locale>/`. */
export const FASTLANE_FILES: Record<FieldName, string> = {
  name: "name.txt",
  subtitle: "subtitle.txt",
  privacyPolicyUrl: "privacy_url.txt",
  keywords: "keywords.txt",
  promotionalText: "promotional_text.txt",
  description: "description.txt",
  whatsNew: "release_notes.txt",
  marketingUrl: "marketing_url.txt",
  supportUrl: "support_url.txt",
};
const FIELD_OF_FILE = new Map(Object.entries(FASTLANE_FILES).map(([f, file]) => [file, f as FieldName]));

/** What an editor sees in a cell: the draft when there is one, else the live value. */
const shown = (c: { live: string | null; draft: { value: string } | null }) => c.draft?.value ?? c.live ?? "";

/** The app's metadata for one version as a fastlane `metadata/` folder, zipped; each file ends with a newline, as fastlane writes them. */
export async function exportFastlane(ctx: OrgContext, appId: string, versionId?: string) {
  const grid = await metadataGrid(ctx, appId, versionId);
  const files: Record<string, Uint8Array> = {};
  for (const row of grid.rows) {
    for (const [field, cell] of Object.entries(row.cells)) {
      files[`metadata/${row.locale}/${FASTLANE_FILES[field as FieldName]}`] = strToU8(`${shown(cell)}\n`);
    }
  }
  const name = `${grid.app.bundleId}-${grid.version?.versionString ?? "app"}-metadata.zip`.replace(/[^A-Za-z0-9._-]/g, "_");
  return { name, zip: zipSync(files, { level: 6, mtime: new Date("2026-01-01T00:00:00Z") }) };
}

export const ZImport = z
  .object({
    /** The zip, base64-encoded. */
    zip: z.string().min(1, "Attach a zip file.").max(7_000_000, "The zip is larger than 5 MB."),
    versionId: z.string().min(1).max(64).optional(),
    /** false: only report what would change. */
    apply: z.boolean(),
  })
  .strict();
export type TImport = z.infer<typeof ZImport>;

export type ImportPreview = {
  changes: { locale: string; field: FieldName; from: string; to: string }[];
  problems: { file: string; message: string }[];
  ignored: string[];
  applied: boolean;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a fastlane `metadata/` folder from a zip and compares it with the grid. Files are
 * found under `metadata/<locale>/<file>.txt` (or `<locale>/<file>.txt` at the top level).
 * An unknown locale, a read-only or over-limit field, or a file that is not UTF-8 is a
 * problem named by file, and then nothing is saved; otherwise, with `apply`, the changes
 * become drafts in one transaction. Files fastlane keeps that the editor does not (review
 * information, copyright, ...) are listed as ignored. The app (and version) is looked up
 * first, so only a member who may edit it gets the zip read at all; the zip is read off
 * this thread, within limits (see zip-reader.ts).
 */
export async function importFastlane(ctx: OrgContext, appId: string, input: TImport): Promise<ImportPreview> {
  const grid = await metadataGrid(ctx, appId, input.versionId);
  const entries = await readZipInWorker(input.zip);
  const rows = new Map(grid.rows.map((r) => [r.locale, r]));
  const preview: ImportPreview = { changes: [], problems: [], ignored: [], applied: false };
  const edits: { localizationId: string; field: FieldName; value: string }[] = [];

  for (const { name: path, data: bytes } of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const parts = path.split("/").filter(Boolean);
    const rel = parts[0] === "metadata" ? parts.slice(1) : parts;
    if (rel.length !== 2 || path.includes("__MACOSX")) {
      preview.ignored.push(path);
      continue;
    }
    const [locale, file] = rel;
    const field = FIELD_OF_FILE.get(file);
    if (!field) {
      preview.ignored.push(path);
      continue;
    }
    const row = rows.get(locale);
    if (!row) {
      preview.problems.push({ file: path, message: `"${locale}" is not a locale of this app's metadata; add the locale in App Store Connect or the editor first.` });
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      preview.problems.push({ file: path, message: "The file is not UTF-8 text; save it as UTF-8 and try again." });
      continue;
    }
    const value = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n").replace(/\n$/, "");
    const cell = row.cells[field];
    if (!cell) {
      preview.problems.push({ file: path, message: `${FIELDS[field].label} has no localization for ${locale} in this version.` });
      continue;
    }
    if (value === shown(cell)) continue;
    if (!cell.editable) {
      preview.problems.push({ file: path, message: cell.readOnlyReason ?? `${FIELDS[field].label} is read-only.` });
      continue;
    }
    const problems = valueProblems(field, value);
    if (problems.length) {
      preview.problems.push({ file: path, message: problems.join(" ") });
      continue;
    }
    preview.changes.push({ locale, field, from: shown(cell), to: value });
    edits.push({ localizationId: cell.localizationId, field, value });
  }
  if (input.apply && preview.problems.length === 0 && edits.length > 0) {
    await saveDrafts(ctx, appId, { edits });
    preview.applied = true;
  }
  return preview;
}
