import { z } from "zod";

export const ZIssuerId = z
  .string({ message: "Enter the Issuer ID." })
  .trim()
  .min(1, "Enter the Issuer ID.")
  .refine((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), {
    message: "The Issuer ID is a UUID like 57246542-96fe-1a63-e053-0824d011072a (App Store Connect › Users and Access › Integrations).",
  })
  .transform((v) => v.toLowerCase());

export const ZKeyId = z
  .string({ message: "Enter the Key ID." })
  .trim()
  .min(1, "Enter the Key ID.")
  .refine((v) => /^[A-Z0-9]{10}$/.test(v), { message: "The Key ID is 10 upper-case letters and digits, like 2X9R4HXF34." });

export const ZConnectionName = z
  .string({ message: "Enter a name." })
  .trim()
  .min(1, "Enter a name, such as the client or team this key belongs to.")
  .max(80, "Use at most 80 characters.");

/** The .p8 text; its content is checked by parseAscPrivateKey, which names each problem. */
export const ZPrivateKeyText = z.string({ message: "Upload the .p8 file or paste its content." }).max(64 * 1024, "The key is larger than 8 KiB.");

const ZFileName = z.string().max(255).optional();

export const ZCreateConnection = z.object({
  name: ZConnectionName,
  issuerId: ZIssuerId,
  keyId: ZKeyId,
  privateKey: ZPrivateKeyText,
  /** The uploaded file's name, when the key came from a file: AuthKey_<KEY ID>.p8. */
  fileName: ZFileName,
});
export type TCreateConnection = z.infer<typeof ZCreateConnection>;

export const ZUpdateConnection = z
  .object({
    name: ZConnectionName.optional(),
    issuerId: ZIssuerId.optional(),
    keyId: ZKeyId.optional(),
    privateKey: ZPrivateKeyText.optional(),
    fileName: ZFileName,
  })
  .refine((v) => v.name !== undefined || v.privateKey !== undefined || v.issuerId !== undefined, { message: "Nothing to change." })
  .refine((v) => v.privateKey === undefined || v.keyId !== undefined, { message: "Give the new key's Key ID with the new key.", path: ["keyId"] });
export type TUpdateConnection = z.infer<typeof ZUpdateConnection>;

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
