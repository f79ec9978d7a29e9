import { generateKeyPairSync, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readFastlaneApiKey, ZCreateConnection, ZUpdateConnection } from "./schemas";

const pem = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
const issuer = randomUUID();
const fields = (r: ReturnType<typeof ZCreateConnection.safeParse>) => Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("connection kinds", () => {
  it("a team key (the default) needs its Issuer ID; an individual key refuses one", () => {
    const team = ZCreateConnection.parse({ name: "Team", issuerId: issuer.toUpperCase(), keyId: "ABCDE12345", privateKey: pem });
    expect(team).toMatchObject({ keyKind: "TEAM", issuerId: issuer, source: "fields" });
    const individual = ZCreateConnection.parse({ name: "Mine", keyKind: "INDIVIDUAL", keyId: "ABCDE12345", privateKey: pem, issuerId: "" });
    expect(individual).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null });

    expect(fields(ZCreateConnection.safeParse({ name: "Team", keyId: "ABCDE12345", privateKey: pem }))).toEqual({ issuerId: expect.stringMatching(/^Enter the Issuer ID: a team key has one/) });
    expect(fields(ZCreateConnection.safeParse({ name: "Team", issuerId: "1234", keyId: "ABCDE12345", privateKey: pem }))).toEqual({ issuerId: expect.stringMatching(/Issuer ID is a UUID/) });
    expect(fields(ZCreateConnection.safeParse({ name: "Mine", keyKind: "INDIVIDUAL", issuerId: issuer, keyId: "ABCDE12345", privateKey: pem }))).toEqual({
      issuerId: expect.stringMatching(/^An individual key has no Issuer ID/),
    });
    expect(fields(ZCreateConnection.safeParse({ name: "Mine", keyKind: "PERSONAL", keyId: "ABCDE12345", privateKey: pem }))).toHaveProperty("keyKind");
    expect(fields(ZCreateConnection.safeParse({ name: "" }))).toMatchObject({ name: expect.any(String), keyId: "Enter the Key ID.", privateKey: expect.any(String), issuerId: expect.any(String) });
  });

  it("a key's kind changes only with the checks of the new kind", () => {
    expect(ZUpdateConnection.safeParse({ keyKind: "INDIVIDUAL", issuerId: issuer }).error?.issues[0]).toMatchObject({ path: ["issuerId"] });
    expect(ZUpdateConnection.parse({ keyKind: "INDIVIDUAL", keyId: "ABCDE12345", privateKey: pem, issuerId: null })).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null });
    expect(ZUpdateConnection.parse({ issuerId: issuer.toUpperCase() }).issuerId).toBe(issuer);
  });
});

describe("fastlane API key files", () => {
  const file = { key_id: "D83848D234", issuer_id: issuer, key: pem, duration: 1200, in_house: false };

  it("fills every field: with issuer_id a team key, without (absent or null) an individual key", () => {
    expect(readFastlaneApiKey(file)).toEqual({ ok: true, fields: { keyKind: "TEAM", issuerId: issuer, keyId: "D83848D234", privateKey: pem } });
    expect(readFastlaneApiKey(JSON.stringify({ key_id: "D83848D234", key: pem }))).toMatchObject({ ok: true, fields: { keyKind: "INDIVIDUAL", issuerId: null } });
    expect(readFastlaneApiKey({ ...file, issuer_id: null })).toMatchObject({ ok: true, fields: { keyKind: "INDIVIDUAL", issuerId: null } });
    const b64 = Buffer.from(pem).toString("base64");
    expect(readFastlaneApiKey({ ...file, key: b64, is_key_content_base64: true })).toMatchObject({ ok: true, fields: { privateKey: b64 } });

    const viaApi = ZCreateConnection.parse({ name: "From fastlane", fastlaneApiKey: JSON.stringify(file) });
    expect(viaApi).toEqual({ name: "From fastlane", keyKind: "TEAM", issuerId: issuer, keyId: "D83848D234", privateKey: pem, source: "fastlane" });
    expect(ZCreateConnection.parse({ name: "Mine", keyKind: "INDIVIDUAL", fastlaneApiKey: { key_id: "D83848D234", key: pem } })).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null });
  });

  it.each([
    ["text that is not JSON", "{ key_id: D83848D234", "fastlaneApiKey", /not valid JSON/],
    ["a JSON array", "[]", "fastlaneApiKey", /not a JSON object/],
    ["a number", 42, "fastlaneApiKey", /a JSON object, or its text/],
    ["no key_id", { ...file, key_id: undefined }, "fastlaneApiKey.key_id", /no key_id/],
    ["a wrong key_id", { ...file, key_id: "d83848d2" }, "fastlaneApiKey.key_id", /10 upper-case letters and digits/],
    ["a bad issuer_id", { ...file, issuer_id: "227b0bbf" }, "fastlaneApiKey.issuer_id", /Issuer ID is a UUID/],
    ["no key but a key_filepath", { key_id: "D83848D234", issuer_id: issuer, key_filepath: "AuthKey_D83848D234.p8" }, "fastlaneApiKey.key", /no key .*key_filepath/],
    ["base64 without is_key_content_base64", { ...file, key: Buffer.from(pem).toString("base64") }, "fastlaneApiKey.key", /set is_key_content_base64 to true/],
    ["PEM with is_key_content_base64", { ...file, is_key_content_base64: true }, "fastlaneApiKey.key", /key is PEM text, not base64/],
    ["is_key_content_base64 as a string", { ...file, is_key_content_base64: "true" }, "fastlaneApiKey.is_key_content_base64", /true or false/],
    ["a duration over 20 minutes", { ...file, duration: 3600 }, "fastlaneApiKey.duration", /at most 1200 seconds/],
    ["an enterprise (in_house) key", { ...file, in_house: true }, "fastlaneApiKey.in_house", /Enterprise Program/],
    ["a huge file", "x".repeat(81 * 1024), "fastlaneApiKey", /larger than 80 KiB/],
  ])("refuses %s, naming the key at fault", (_name, fastlaneApiKey, field, message) => {
    const f = fields(ZCreateConnection.safeParse({ name: "From fastlane", fastlaneApiKey }));
    expect(Object.keys(f)).toContain(field);
    expect(f[field]).toMatch(message);
  });

  it("refuses a fastlane file together with the fields it fills, or of the other kind", () => {
    expect(fields(ZCreateConnection.safeParse({ name: "Both", fastlaneApiKey: file, keyId: "ABCDE12345", privateKey: pem }))).toEqual({
      keyId: expect.stringMatching(/either fastlaneApiKey or/),
      privateKey: expect.stringMatching(/either fastlaneApiKey or/),
    });
    expect(fields(ZCreateConnection.safeParse({ name: "Kind", keyKind: "INDIVIDUAL", fastlaneApiKey: file }))).toEqual({ keyKind: "The fastlane file has an issuer_id, so it holds a team key." });
  });
});
