import { generateKeyPairSync } from "node:crypto";
import { expect, request as pwRequest, test } from "@playwright/test";
import { email, invite, jsonHeaders, newOwner, PASSWORD, signUp } from "./support/api";
import { count } from "./support/db";
import { ascKey, fastlaneApiKeyFile } from "./support/keys";
import { makeInvitation } from "./support/seed";

/** Bad input gets an error next to the field and creates nothing. */
test.describe("sign-up form", () => {
  const cases: { name: string; fill: Record<string, string>; field: string; message: RegExp }[] = [
    { name: "malformed email", fill: { "Work email": "not-an-email" }, field: "Work email", message: /Enter a valid email address/ },
    { name: "weak password", fill: { Password: "short" }, field: "Password", message: /at least 10 characters/ },
    { name: "common password", fill: { Password: "password123" }, field: "Password", message: /too common/ },
    { name: "empty organisation name", fill: { "Organisation name": "   " }, field: "Organisation name", message: /Enter an organisation name/ },
    { name: "200-character organisation name", fill: { "Organisation name": "x".repeat(200) }, field: "Organisation name", message: /at most 80 characters/ },
  ];
  for (const c of cases) {
    test(c.name, async ({ page }) => {
      const addr = email("bad");
      const orgName = `Fine Org ${addr}`;
      await page.goto("/sign-up");
      const values: Record<string, string> = { "Your name": "Val", "Work email": addr, Password: PASSWORD, "Organisation name": orgName, ...c.fill };
      for (const [label, v] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(v);
      await page.getByRole("button", { name: "Create account" }).click();
      const input = page.getByLabel(c.field, { exact: true });
      await expect(input).toHaveAttribute("aria-invalid", "true");
      const errorId = await input.getAttribute("aria-describedby");
      await expect(page.locator(`[id="${errorId}"]`)).toHaveText(c.message);
      // Nothing was created under any of the values typed.
      expect(await count("User", "email = $1 OR email = $2", [addr, values["Work email"].toLowerCase()])).toBe(0);
      expect(await count("Organization", "name = $1 OR name = $2", [orgName, values["Organisation name"].trim()])).toBe(0);
    });
  }

  test("taken email: the form answers as for a new address, creates nothing and signs nobody in", async ({ page, request, baseURL }) => {
    const existing = await signUp(request, baseURL!, { label: "taken" });
    const orgName = `Copycat Org ${existing.email}`;
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Copy Cat");
    await page.getByLabel("Work email").fill(existing.email.toUpperCase());
    await page.getByLabel("Password", { exact: true }).fill(`not the owner's ${PASSWORD}`);
    await page.getByLabel("Organisation name").fill(orgName);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/If you already have an account, sign in instead/);
    await expect(page.locator("#email-error")).toHaveCount(0);
    await expect(page).toHaveURL(/\/sign-up$/);
    expect(await count("Organization", "name = $1", [orgName])).toBe(0);
    expect(await count("User", "email = $1", [existing.email])).toBe(1);
  });

  test("the API names every bad field and writes nothing", async ({ request, baseURL }) => {
    const addr = email("apibad");
    const res = await request.post("/api/signup", {
      headers: jsonHeaders(baseURL!),
      data: { name: "", email: "nope", password: "short", organizationName: "" },
    });
    const halfGood = await request.post("/api/signup", {
      headers: jsonHeaders(baseURL!),
      data: { name: "Half", email: addr, password: "short", organizationName: "Half Good Org" },
    });
    expect(halfGood.status()).toBe(422);
    expect((await halfGood.json()).error.field).toBe("password");
    expect(res.status()).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("validation");
    expect(Object.keys(body.error.fields).sort()).toEqual(["email", "name", "organizationName", "password"]);
    expect(await count("User", "email = $1", [addr])).toBe(0);
    expect(await count("Organization", "name = $1", ["Half Good Org"])).toBe(0);
  });
});

test("new organisation form refuses empty and over-long names", async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ baseURL });
  const owner = await newOwner(ctx.request, baseURL!, "orgname");
  const page = await ctx.newPage();
  const before = await count("Membership", `"userId" = (SELECT id FROM "User" WHERE email = $1)`, [owner.email]);
  await page.goto("/orgs/new");
  for (const [value, message] of [["", /Enter an organisation name/], ["y".repeat(200), /at most 80 characters/]] as const) {
    await page.getByLabel("Organisation name").fill(value);
    await page.getByRole("button", { name: "Create organisation" }).click();
    await expect(page.locator("#org-name-error")).toHaveText(message);
  }
  const api = await ctx.request.post("/api/orgs", { headers: jsonHeaders(baseURL!), data: { name: "z".repeat(200) } });
  expect(api.status()).toBe(422);
  expect((await api.json()).error).toMatchObject({ field: "name" });
  expect(await count("Membership", `"userId" = (SELECT id FROM "User" WHERE email = $1)`, [owner.email])).toBe(before);
});

test.describe("invitation links", () => {
  test("expired, used and forged links say so and let nobody in", async ({ browser, baseURL }) => {
    const ownerCtx = await pwRequest.newContext({ baseURL });
    const owner = await newOwner(ownerCtx, baseURL!, "invbad");
    // A link that ran out a minute ago: waiting out its lifetime has no place in a test.
    const expired = await makeInvitation(owner.orgId, { role: "VIEWER", expiresAt: new Date(Date.now() - 60_000) });
    const used = await invite(ownerCtx, baseURL!, owner.orgId, "VIEWER");
    await signUp(await pwRequest.newContext({ baseURL }), baseURL!, { label: "first", invitationToken: used.token });
    const members = await count("Membership", `"organizationId" = $1`, [owner.orgId]);

    const page = await (await browser.newContext({ baseURL })).newPage();
    for (const [token, message] of [
      [expired.token, "This invitation has expired. Ask for a new one."],
      [used.token, "This invitation has already been used. Ask for a new one."],
      ["forged-" + "a".repeat(40), "This invitation link is not valid. Ask for a new one."],
    ]) {
      await page.goto(`/invite/${token}`);
      await expect(page.getByRole("main").getByRole("alert")).toHaveText(message);
      await expect(page.getByLabel("Work email")).toHaveCount(0);
      // Straight to the API, bypassing the page: refused with the same words, naming the field.
      const res = await page.request.post("/api/signup", {
        headers: jsonHeaders(baseURL!),
        data: { name: "Late", email: email("late"), password: PASSWORD, invitationToken: token },
      });
      expect(res.status()).toBe(422);
      expect((await res.json()).error).toEqual({ code: "validation", message, field: "invitationToken" });
    }
    expect(await count("Membership", `"organizationId" = $1`, [owner.orgId])).toBe(members);
    expect(await count("User", `email LIKE 'late-%'`)).toBe(0);
  });
});

test("the connections API takes team and individual keys, the base64 of the .p8 and fastlane files, naming the field of every refusal", async ({ baseURL }) => {
  const session = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(session, baseURL!, "connapi");
  const tok = await session.post(`/api/orgs/${owner.orgId}/api-tokens`, { headers: jsonHeaders(baseURL!), data: { name: "CI", role: "ADMIN" } });
  expect(tok.status()).toBe(201);
  const api = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${(await tok.json()).apiToken.token}` } });
  const k = ascKey();
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const b64 = (t: string) => Buffer.from(t).toString("base64");
  const file = JSON.parse(fastlaneApiKeyFile(k));
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ keyKind: "INDIVIDUAL", issuerId: k.issuerId, keyId: k.keyId, privateKey: k.privateKey }, "issuerId", /individual key has no Issuer ID/],
    [{ keyId: k.keyId, privateKey: k.privateKey }, "issuerId", /^Enter the Issuer ID/],
    [{ keyKind: "PERSONAL", keyId: k.keyId, privateKey: k.privateKey }, "keyKind", /TEAM.*INDIVIDUAL/],
    [{ issuerId: k.issuerId, keyId: k.keyId, privateKey: b64(rsa) }, "privateKey", /This is an RSA key/],
    [{ issuerId: k.issuerId, keyId: k.keyId, privateKey: b64(k.privateKey).slice(0, 150) }, "privateKey", /truncated/],
    [{ fastlaneApiKey: "{ not json" }, "fastlaneApiKey", /not valid JSON/],
    [{ fastlaneApiKey: { ...file, key: p384 } }, "fastlaneApiKey.key", /on P-384/],
    [{ fastlaneApiKey: { ...file, key_id: "short" } }, "fastlaneApiKey.key_id", /10 upper-case letters and digits/],
    [{ fastlaneApiKey: { ...file, issuer_id: "1234" } }, "fastlaneApiKey.issuer_id", /The Issuer ID is a UUID/],
    [{ fastlaneApiKey: { ...file, key: b64(k.privateKey) } }, "fastlaneApiKey.key", /is_key_content_base64/],
    [{ fastlaneApiKey: file, keyId: k.keyId }, "keyId", /either fastlaneApiKey or/],
  ];
  for (const [body, field, message] of cases) {
    const res = await api.post("/api/v1/connections", { data: { name: "Client", ...body } });
    expect(res.status(), JSON.stringify(body).slice(0, 80)).toBe(422);
    const { error } = await res.json();
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  }
  expect(await count("Connection", `"organizationId" = $1`, [owner.orgId])).toBe(0);

  // The same key as the base64 of its .p8, and a fastlane file without issuer_id (an individual key).
  const team = await api.post("/api/v1/connections", { data: { name: "Team", issuerId: k.issuerId, keyId: k.keyId, privateKey: b64(k.privateKey) } });
  expect(team.status(), await team.text()).toBe(201);
  expect((await team.json()).connection).toMatchObject({ keyKind: "TEAM", issuerId: k.issuerId, keyId: k.keyId });
  const mine = ascKey();
  const individual = await api.post("/api/v1/connections", { data: { name: "Mine", fastlaneApiKey: fastlaneApiKeyFile(mine, { individual: true }) } });
  expect(individual.status(), await individual.text()).toBe(201);
  expect((await individual.json()).connection).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null, keyId: mine.keyId });
  const listed = (await (await api.get("/api/v1/connections")).json()).connections.map((c: { name: string; keyKind: string; issuerId: string | null }) => [c.name, c.keyKind, c.issuerId]);
  expect(listed).toEqual([
    ["Mine", "INDIVIDUAL", null],
    ["Team", "TEAM", k.issuerId],
  ]);
});
