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

/**
 * Version states (Apple's `appVersionState`) in which Apple accepts edits of every version
 * field; promotional text is editable in any state. A state not listed (in review, accepted,
 * pending release, live, or one Apple adds later) is read-only: the stricter reading.
 */
export const EDITABLE_VERSION_STATES = new Set(["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);

/** App info states (Apple's AppInfo `state`) whose name, subtitle and privacy policy URL can change: the one being prepared, or sent back. */
export const EDITABLE_APP_INFO_STATES = new Set(["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED"]);
/** The app info of what is on the App Store now; never editable. */
export const LIVE_APP_INFO_STATE = "READY_FOR_DISTRIBUTION";

/** The deprecated appStoreState words that differ from appVersionState's. */
const FROM_APP_STORE_STATE: Record<string, string> = { READY_FOR_SALE: "READY_FOR_DISTRIBUTION", PROCESSING_FOR_APP_STORE: "PROCESSING_FOR_DISTRIBUTION" };

/** A version's state in appVersionState words: as read, else derived from the deprecated appStoreState (rows synced before Apple sent both). */
export function versionStateOf(v: { appVersionState?: string | null; appStoreState?: string | null }): string | null {
  if (v.appVersionState) return v.appVersionState;
  return v.appStoreState ? (FROM_APP_STORE_STATE[v.appStoreState] ?? v.appStoreState) : null;
}

/** An app info's `state`: as read, else derived from its deprecated appStoreState. */
export function appInfoStateOf(i: { state?: string | null; appStoreState?: string | null }): string | null {
  if (i.state) return i.state;
  if (!i.appStoreState) return null;
  return ({ READY_FOR_SALE: "READY_FOR_DISTRIBUTION", REPLACED_WITH_NEW_VERSION: "REPLACED_WITH_NEW_INFO", PENDING_DEVELOPER_RELEASE: "PENDING_RELEASE", PENDING_APPLE_RELEASE: "PENDING_RELEASE" } as Record<string, string>)[i.appStoreState] ?? i.appStoreState;
}

export const stateWords = (s: string) => s.replaceAll("_", " ").toLowerCase();

/** Why the app information cannot change, given the state of the app info the grid shows (null: the app has none). */
export function appInfoReadOnlyReason(appInfoState: string | null): string {
  if (appInfoState === null) return "App Store Connect has no app information for this app yet; sync the app's metadata.";
  if (appInfoState === LIVE_APP_INFO_STATE) return "Apple allows changing the name, subtitle and privacy policy URL only with a new version: create one in App Store Connect, then sync.";
  return `Apple does not allow changing the app information while it is ${stateWords(appInfoState)}; only the app information of a version being prepared can change.`;
}

/**
 * Whether a field may be edited, and if not, why (in words for the grid): version fields
 * by their version's appVersionState, app information fields by their app info's state.
 */
export function editability(field: FieldName, versionState: string | null, appInfoState: string | null = null): { editable: true } | { editable: false; reason: string } {
  if (FIELDS[field].scope === "appInfo") return appInfoState && EDITABLE_APP_INFO_STATES.has(appInfoState) ? { editable: true } : { editable: false, reason: appInfoReadOnlyReason(appInfoState) };
  if (field === "promotionalText") return { editable: true };
  if (versionState && EDITABLE_VERSION_STATES.has(versionState)) return { editable: true };
  return { editable: false, reason: `Apple does not allow editing ${FIELDS[field].label.toLowerCase()} while the version is ${stateWords(versionState ?? "unknown")}; only promotional text can change.` };
}

/**
 * Characters as UTF-16 units. Apple documents these limits in characters without saying
 * how it counts; UTF-16 units are the stricter reading (an emoji counts twice), so nothing
 * that passes here is refused for length there.
 */
export const charCount = (v: string) => v.length;
/** Keywords are limited to 100 bytes of UTF-8 (App Store Connect Help, "Platform version information"). */
export const byteCount = (v: string) => new TextEncoder().encode(v).length;

/** A value's length in the unit Apple limits the field by, and that unit's name. */
export function lengthOf(field: FieldName, value: string): { n: number; unit: "bytes" | "characters" } {
  return FIELDS[field].kind === "keywords" ? { n: byteCount(value), unit: "bytes" } : { n: charCount(value), unit: "characters" };
}

/** What keeps a value from being pushed: over the limit, or not a web address. Empty means fine. */
export function valueProblems(field: FieldName, value: string): string[] {
  const f = FIELDS[field];
  const problems: string[] = [];
  const { n, unit } = lengthOf(field, value);
  if (n > f.limit) problems.push(`${f.label} is ${n} ${unit}; Apple's limit is ${f.limit} ${unit}.`);
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
