/** The App Store metadata fields the editor handles, with Apple's limits and editing rules. */

export type FieldScope = "appInfo" | "version";
export type FieldKind = "text" | "long" | "keywords" | "url";

export const FIELDS = {
  name: { scope: "appInfo", label: "Name", limit: 30, kind: "text" },
  subtitle: { scope: "appInfo", label: "Subtitle", limit: 30, kind: "text" },
  privacyPolicyUrl: { scope: "appInfo", label: "Privacy policy URL", limit: 255, kind: "url" },
  keywords: { scope: "version", label: "Keywords", limit: 100, kind: "keywords" },
  promotionalText: { scope: "version", label: "Promotional text", limit: 170, kind: "long" },
  description: { scope: "version", label: "Description", limit: 4000, kind: "long" },
  whatsNew: { scope: "version", label: "What's new", limit: 4000, kind: "long" },
  marketingUrl: { scope: "version", label: "Marketing URL", limit: 255, kind: "url" },
  supportUrl: { scope: "version", label: "Support URL", limit: 255, kind: "url" },
} as const satisfies Record<string, { scope: FieldScope; label: string; limit: number; kind: FieldKind }>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as [FieldName, ...FieldName[]];
export const APP_INFO_FIELDS = FIELD_NAMES.filter((f) => FIELDS[f].scope === "appInfo");
export const VERSION_FIELDS = FIELD_NAMES.filter((f) => FIELDS[f].scope === "version");

/** Version states in which Apple accepts edits of every version field; promotional text is editable in any state. */
export const EDITABLE_VERSION_STATES = new Set(["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);

const stateWords = (s: string) => s.replaceAll("_", " ").toLowerCase();

/** Whether a field may be edited given its version's state, and if not, why (in words for the grid). */
export function editability(field: FieldName, versionState: string | null): { editable: true } | { editable: false; reason: string } {
  if (FIELDS[field].scope === "appInfo" || field === "promotionalText") return { editable: true };
  if (versionState && EDITABLE_VERSION_STATES.has(versionState)) return { editable: true };
  return { editable: false, reason: `Apple does not allow editing ${FIELDS[field].label.toLowerCase()} while the version is ${stateWords(versionState ?? "unknown")}; only promotional text can change.` };
}

/** Characters as Apple counts them: Unicode code points, not UTF-16 units. */
export const charCount = (v: string) => [...v].length;
export const byteCount = (v: string) => Buffer.byteLength(v, "utf8");

/** What keeps a value from being pushed: over the limit, or not a web address. Empty means fine. */
export function valueProblems(field: FieldName, value: string): string[] {
  const f = FIELDS[field];
  const problems: string[] = [];
  const n = charCount(value);
  if (n > f.limit) problems.push(`${f.label} is ${n} characters; Apple's limit is ${f.limit}.`);
  if (f.kind === "url" && value !== "") {
    const ok = URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol);
    if (!ok) problems.push(`${f.label} must be a web address starting with https:// or http://.`);
  }
  return problems;
}

/** Hints for a keywords field: repeated words, words already in the name or subtitle, spaces after commas, bytes. */
export function keywordHints(keywords: string, context: { name?: string | null; subtitle?: string | null } = {}) {
  const words = keywords.split(",").map((w) => w.trim().toLowerCase()).filter(Boolean);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const w of words) (seen.has(w) ? duplicates : seen).add(w);
  const taken = new Set(`${context.name ?? ""} ${context.subtitle ?? ""}`.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  return {
    duplicates: [...duplicates],
    inNameOrSubtitle: [...seen].filter((w) => taken.has(w)),
    spacesAfterCommas: /,\s/.test(keywords),
    bytes: byteCount(keywords),
  };
}

/** Newest version first, comparing "1.10" and "1.9" as numbers, segment by segment. */
export function byVersionDesc(a: { versionString: string }, b: { versionString: string }) {
  const pa = a.versionString.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.versionString.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (d !== 0) return d;
  }
  return b.versionString.localeCompare(a.versionString);
}
