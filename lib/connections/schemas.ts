import { z } from "zod";

const ISSUER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISSUER_ID_FORMAT = "The Issuer ID is a UUID like 57246542-96fe-1a63-e053-0824d011072a (App Store Connect › Users and Access › Integrations).";

export const ZIssuerId = z
  .string({ message: "Enter the Issuer ID." })
  .trim()
  .min(1, "Enter the Issuer ID.")
  .refine((v) => ISSUER_ID.test(v), { message: ISSUER_ID_FORMAT })
  .transform((v) => v.toLowerCase());

export const ZKeyId = z
  .string({ message: "Enter the Key ID." })
  .trim()
  .min(1, "Enter the Key ID.")
  .refine((v) => /^[A-Z0-9]{10}$/.test(v), { message: "The Key ID is 10 upper-case letters and digits, like 2X9R4HXF34." });

/**
 * Apple's two kinds of API key: a team key (Issuer ID, Key ID, private key; its tokens name
 * the team in `iss`) and an individual key (Key ID and private key of one user, with that
 * user's access; its tokens say `sub: "user"`).
 */
export const KEY_KINDS = ["TEAM", "INDIVIDUAL"] as const;
export type TKeyKind = (typeof KEY_KINDS)[number];
export const ZKeyKind = z.enum(KEY_KINDS, { message: 'The key kind is "TEAM" (a team key, with an Issuer ID) or "INDIVIDUAL" (an individual key, without one).' });

export const ZConnectionName = z
  .string({ message: "Enter a name." })
  .trim()
  .min(1, "Enter a name, such as the client or team this key belongs to.")
  .max(80, "Use at most 80 characters.");

/** The .p8 text, or the base64 of it; its content is checked by parseAscPrivateKey, which names each problem. */
export const ZPrivateKeyText = z.string({ message: "Upload the .p8 file or paste its content." }).max(64 * 1024, "The key is larger than 8 KiB.");

const ZFileName = z.string().max(255).optional();

/**
 * An Issuer ID field that may be left out or blank (individual keys have none). Blank and
 * null read as "not given"; whether one is needed depends on the key's kind.
 */
const ZOptionalIssuerId = z.string({ message: ISSUER_ID_FORMAT }).trim().nullable().optional();

const NEEDS_ISSUER = "Enter the Issuer ID: a team key has one (App Store Connect › Users and Access › Integrations › Team Keys). An individual key has none: choose Individual key instead.";
const NO_ISSUER = "An individual key has no Issuer ID: leave it empty, or choose Team key if this is a team key.";

/**
 * fastlane's API key file (`api_key_path`): key_id, issuer_id (absent or null for an
 * individual key), key (the .p8 content, or its base64 when is_key_content_base64 is true),
 * and optionally duration (seconds, at most 1200) and in_house.
 */
export const ZFastlaneApiKeyFile = z
  .object({
    key_id: z.string({ message: "The file has no key_id (the Key ID)." }).pipe(ZKeyId),
    issuer_id: ZOptionalIssuerId,
    key: z.string({ message: 'The file has no key (the .p8 content). fastlane files that point at a .p8 with "key_filepath" cannot be read here: upload the .p8 file itself.' }).max(64 * 1024, "The key is larger than 8 KiB."),
    is_key_content_base64: z.boolean({ message: "is_key_content_base64 is true or false." }).optional(),
    duration: z.number({ message: "duration is a number of seconds." }).int("duration is a whole number of seconds.").min(1, "duration is at least 1 second.").max(1200, "duration is at most 1200 seconds (Apple's limit of 20 minutes).").optional(),
    in_house: z.boolean({ message: "in_house is true or false." }).optional(),
  })
  .superRefine((v, ctx) => {
    if (typeof v.issuer_id === "string" && v.issuer_id && !ISSUER_ID.test(v.issuer_id)) ctx.addIssue({ code: "custom", path: ["issuer_id"], message: ISSUER_ID_FORMAT });
    if (v.in_house) {
      ctx.addIssue({ code: "custom", path: ["in_house"], message: "in_house is true: this is a key of an Apple Developer Enterprise Program team, which App Store Connect's API does not serve." });
    }
    if (typeof v.key !== "string") return;
    const pem = v.key.trim().startsWith("-----BEGIN ");
    if (v.is_key_content_base64 && pem) {
      ctx.addIssue({ code: "custom", path: ["key"], message: "is_key_content_base64 is true, but key is PEM text, not base64. Set is_key_content_base64 to false, or give the base64 of the .p8 file." });
    } else if (!v.is_key_content_base64 && !pem && v.key.trim()) {
      ctx.addIssue({ code: "custom", path: ["key"], message: 'key is not PEM text (it has no "-----BEGIN PRIVATE KEY-----" line). If it is the base64 of the .p8 file, set is_key_content_base64 to true.' });
    }
  });

export type TFastlaneFields = { keyKind: TKeyKind; issuerId: string | null; keyId: string; privateKey: string };
type Problem = { path: PropertyKey[]; message: string };

/**
 * Reads a fastlane API key (the JSON object, or its text) into the connection's fields.
 * Problems carry the path of the JSON key at fault (["key_id"], ["issuer_id"], ...).
 * Shared by the form (which fills its fields from a chosen .json file) and the API.
 */
export function readFastlaneApiKey(raw: unknown): { ok: true; fields: TFastlaneFields } | { ok: false; problems: Problem[] } {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw.replace(/^\uFEFF/, ""));
    } catch {
      return { ok: false, problems: [{ path: [], message: "This is not a fastlane API key file: it is not valid JSON." }] };
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, problems: [{ path: [], message: "This is not a fastlane API key file: it is not a JSON object with key_id and key." }] };
  }
  const r = ZFastlaneApiKeyFile.safeParse(value);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => ({ path: i.path, message: i.message })) };
  const issuerId = r.data.issuer_id ? r.data.issuer_id.toLowerCase() : null;
  return { ok: true, fields: { keyKind: issuerId ? "TEAM" : "INDIVIDUAL", issuerId, keyId: r.data.key_id, privateKey: r.data.key } };
}

/** Where a problem with each part of the key is reported: the form's fields, or the fastlane file's keys. */
export const KEY_FIELDS = {
  fields: { keyId: "keyId", issuerId: "issuerId", privateKey: "privateKey" },
  fastlane: { keyId: "fastlaneApiKey.key_id", issuerId: "fastlaneApiKey.issuer_id", privateKey: "fastlaneApiKey.key" },
} as const;

export const ZCreateConnection = z
  .object({
    name: ZConnectionName,
    /** TEAM (default) or INDIVIDUAL. */
    keyKind: ZKeyKind.optional(),
    /** Required for a team key, refused for an individual key. */
    issuerId: ZOptionalIssuerId,
    keyId: ZKeyId.optional(),
    privateKey: ZPrivateKeyText.optional(),
    /** The uploaded file's name, when the key came from a file: AuthKey_<KEY ID>.p8. */
    fileName: ZFileName,
    /** A fastlane API key file, as a JSON object or its text, instead of keyId, issuerId and privateKey. */
    fastlaneApiKey: z
      .union([z.string(), z.record(z.string(), z.unknown())], { message: "fastlaneApiKey is the fastlane API key file: a JSON object, or its text." })
      .optional()
      .describe("fastlane's API key file (key_id, issuer_id, key, is_key_content_base64, duration, in_house), as a JSON object or its text; without issuer_id it is an individual key"),
  })
  .superRefine((v, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (v.fastlaneApiKey !== undefined) {
      // Not text nor an object: the union has said so already.
      if (typeof v.fastlaneApiKey !== "string" && (typeof v.fastlaneApiKey !== "object" || v.fastlaneApiKey === null)) return;
      if (typeof v.fastlaneApiKey === "string" && v.fastlaneApiKey.length > 80 * 1024) return issue(["fastlaneApiKey"], "The fastlane file is larger than 80 KiB: it is not an API key file.");
      for (const f of ["issuerId", "keyId", "privateKey"] as const) {
        if (v[f] !== undefined && v[f] !== null && v[f] !== "") issue([f], "Give either fastlaneApiKey or the Key ID, Issuer ID and private key, not both.");
      }
      const r = readFastlaneApiKey(v.fastlaneApiKey);
      if (!r.ok) return r.problems.forEach((p) => issue(["fastlaneApiKey", ...p.path], p.message));
      if (v.keyKind && v.keyKind !== r.fields.keyKind) {
        issue(["keyKind"], r.fields.keyKind === "TEAM" ? "The fastlane file has an issuer_id, so it holds a team key." : "The fastlane file has no issuer_id, so it holds an individual key.");
      }
      return;
    }
    if (v.keyId === undefined) issue(["keyId"], "Enter the Key ID.");
    if (v.privateKey === undefined) issue(["privateKey"], "Upload the .p8 file or paste its content.");
    const issuer = v.issuerId || undefined;
    if ((v.keyKind ?? "TEAM") === "TEAM") {
      if (issuer === undefined) issue(["issuerId"], NEEDS_ISSUER);
      else if (!ISSUER_ID.test(issuer)) issue(["issuerId"], ISSUER_ID_FORMAT);
    } else if (issuer !== undefined) {
      issue(["issuerId"], NO_ISSUER);
    }
  })
  .transform((v) => {
    if (v.fastlaneApiKey !== undefined) {
      const r = readFastlaneApiKey(v.fastlaneApiKey);
      if (!r.ok) throw new Error("unreachable: checked above");
      return { name: v.name, ...r.fields, source: "fastlane" as const };
    }
    return {
      name: v.name,
      keyKind: v.keyKind ?? ("TEAM" as const),
      issuerId: v.issuerId ? v.issuerId.toLowerCase() : null,
      keyId: v.keyId!,
      privateKey: v.privateKey!,
      fileName: v.fileName,
      source: "fields" as const,
    };
  });
export type TCreateConnection = z.output<typeof ZCreateConnection>;
/** What createConnection takes: a parsed request, or the same fields from seeds and tests (keyKind defaults to TEAM). */
export type TNewConnection = {
  name: string;
  keyKind?: TKeyKind;
  issuerId?: string | null;
  keyId: string;
  privateKey: string;
  fileName?: string;
  source?: keyof typeof KEY_FIELDS;
};

export const ZUpdateConnection = z
  .object({
    name: ZConnectionName.optional(),
    /** A different kind needs the new key with it (a key is one kind for good). */
    keyKind: ZKeyKind.optional(),
    /** A team key's new Issuer ID; an individual key has none (null or empty: none). */
    issuerId: ZOptionalIssuerId,
    keyId: ZKeyId.optional(),
    privateKey: ZPrivateKeyText.optional(),
    fileName: ZFileName,
  })
  .superRefine((v, ctx) => {
    if (v.issuerId && !ISSUER_ID.test(v.issuerId)) ctx.addIssue({ code: "custom", path: ["issuerId"], message: ISSUER_ID_FORMAT });
    if (v.keyKind === "INDIVIDUAL" && v.issuerId) ctx.addIssue({ code: "custom", path: ["issuerId"], message: NO_ISSUER });
  })
  .transform((v): TUpdateConnection => ({ ...v, issuerId: v.issuerId === undefined ? undefined : v.issuerId ? v.issuerId.toLowerCase() : null }))
  .refine((v) => v.name !== undefined || v.privateKey !== undefined || v.issuerId !== undefined || v.keyKind !== undefined, { message: "Nothing to change." })
  .refine((v) => v.privateKey === undefined || v.keyId !== undefined, { message: "Give the new key's Key ID with the new key.", path: ["keyId"] });
/** Left out: unchanged. issuerId null: none (an individual key). */
export type TUpdateConnection = { name?: string; keyKind?: TKeyKind; issuerId?: string | null; keyId?: string; privateKey?: string; fileName?: string };

export const ZMintToken = z.object({
  /** App Store Connect token scopes, e.g. "GET /v1/apps?filter[platform]=IOS". */
  scope: z
    .array(z.string().trim().regex(/^(GET|POST|PATCH|DELETE) \/v\d+\/\S+$/, "Each scope is a method and a path, like GET /v1/apps."))
    .max(20, "At most 20 scopes.")
    .optional(),
  /** Lifetime in seconds, at most 1200 (Apple's limit of 20 minutes). */
  expiresInSeconds: z.number().int().min(60, "At least 60 seconds.").max(1200, "At most 1200 seconds (20 minutes).").optional(),
});
export type TMintToken = z.infer<typeof ZMintToken>;
