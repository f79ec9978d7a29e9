import { generateKeyPairSync } from "node:crypto";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { newOwner } from "./support/api";
import { count } from "./support/db";
import { ascKey, fastlaneApiKeyFile } from "./support/keys";
import { SIM_URL } from "./support/sim";

async function openConnections(page: Page, baseURL: string) {
  const owner = await newOwner(page.context().request, baseURL, "conn");
  await page.goto(`/o/${owner.slug}/connections`);
  await expect(page.getByRole("heading", { name: "No connections yet" })).toBeVisible();
  return owner;
}

async function fill(page: Page, v: { name?: string; issuerId?: string; keyId?: string; privateKey?: string }) {
  if (v.name !== undefined) await page.getByLabel("Name", { exact: true }).fill(v.name);
  if (v.issuerId !== undefined) await page.getByLabel("Issuer ID").fill(v.issuerId);
  if (v.keyId !== undefined) await page.getByLabel("Key ID").fill(v.keyId);
  if (v.privateKey !== undefined) await page.getByLabel("…or paste the private key").fill(v.privateKey);
  await page.getByRole("button", { name: "Add connection" }).click();
}

test("an admin uploads a .p8 file and sees the connection with its fingerprint", async ({ page, baseURL }) => {
  await openConnections(page, baseURL!);
  const k = ascKey();
  const dir = mkdtempSync(join(tmpdir(), "p8-"));
  const file = join(dir, `AuthKey_${k.keyId}.p8`);
  writeFileSync(file, k.privateKey);
  await page.getByLabel("Name", { exact: true }).fill("Acme client");
  await page.getByLabel("Issuer ID").fill(k.issuerId);
  await page.getByLabel("Private key file (.p8)").setInputFiles(file);
  // The Key ID is read from the file name.
  await expect(page.getByLabel("Key ID")).toHaveValue(k.keyId);
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByRole("status")).toContainText("Added Acme client (SHA256:");
  const row = page.getByTestId("connection-Acme client");
  await expect(row).toContainText("Untested");
  await expect(row).toContainText(k.keyId);
  await row.getByRole("button", { name: "Test connection" }).click();
  // The simulator does not know this key: Apple's answer to an unregistered key is 401.
  await expect(row.getByRole("status")).toHaveText(/App Store Connect refused the key \(401\)/);
  await expect(row).toContainText("Failing");
});

test("each malformed input gets its own message next to its field, and nothing is stored", async ({ page, baseURL }) => {
  const owner = await openConnections(page, baseURL!);
  const good = ascKey();
  const gen = (type: "rsa" | "ec", opts: object) => generateKeyPairSync(type as "ec", { ...opts, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as never) as unknown as { privateKey: string; publicKey: string };
  const lines = good.privateKey.trim().split("\n");
  const base = { name: "Client", issuerId: good.issuerId, keyId: good.keyId };
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ privateKey: gen("rsa", { modulusLength: 2048 }).privateKey }, "…or paste the private key", /This is an RSA key/],
    [{ privateKey: gen("ec", { namedCurve: "secp384r1" }).privateKey }, "…or paste the private key", /on P-384/],
    [{ privateKey: good.privateKey.replace(/PRIVATE KEY/g, "EC PRIVATE KEY") }, "…or paste the private key", /SEC1 format/],
    [{ privateKey: lines.slice(0, 3).join("\n") }, "…or paste the private key", /truncated/],
    [{ privateKey: gen("rsa", { modulusLength: 2048 }).publicKey }, "…or paste the private key", /This is a public key/],
    [{ privateKey: "   " }, "…or paste the private key", /The key is empty/],
    [{ privateKey: generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey }, "…or paste the private key", /encrypted with a password/],
    [{ privateKey: good.privateKey.replace(/PRIVATE KEY/g, "OPENSSH PRIVATE KEY") }, "…or paste the private key", /labelled "OPENSSH PRIVATE KEY"/],
    [{ privateKey: good.privateKey.replace(lines[1], "%%%" + lines[1].slice(3)) }, "…or paste the private key", /not valid base64/],
    [{ privateKey: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" }, "…or paste the private key", /This is a certificate/],
    [{ privateKey: good.privateKey + "A".repeat(9000) }, "…or paste the private key", /larger than 8 KiB/],
    [{ privateKey: good.privateKey, issuerId: "1234" }, "Issuer ID", /The Issuer ID is a UUID/],
    [{ privateKey: good.privateKey, keyId: "short" }, "Key ID", /10 upper-case letters and digits/],
  ];
  for (const [change, label, message] of cases) {
    await fill(page, { ...base, ...change });
    const input = page.getByLabel(label);
    await expect(input).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator(`[id="${await input.getAttribute("aria-describedby")}"]`)).toHaveText(message);
  }
  expect(await count("Connection", `"organizationId" = $1`, [owner.orgId])).toBe(0);
  await fill(page, { ...base, privateKey: good.privateKey });
  await expect(page.getByTestId("connection-Client")).toBeVisible();
  await fill(page, { ...base, name: "Client again", privateKey: ascKey().privateKey });
  await expect(page.locator("#conn-key-id-error")).toHaveText(`A connection with Key ID ${good.keyId} already exists in this organisation.`);
  expect(await count("Connection", `"organizationId" = $1`, [owner.orgId])).toBe(1);
});

function tempFile(name: string, text: string) {
  const file = join(mkdtempSync(join(tmpdir(), "key-")), name);
  writeFileSync(file, text);
  return file;
}

test("an admin adds an individual key: no Issuer ID, listed as an individual key, and Apple accepts its tokens", async ({ page, baseURL }) => {
  await openConnections(page, baseURL!);
  const k = ascKey();
  // The key exists at Apple as one user's individual key.
  const sim = await page.context().request.post(`${SIM_URL}/__sim/keys`, { data: { kind: "INDIVIDUAL", keyId: k.keyId, publicKey: k.publicKey, role: "ADMIN" } });
  expect(sim.status(), await sim.text()).toBe(201);
  await expect(page.getByLabel("Issuer ID")).toBeVisible();
  await page.getByLabel("Individual key").check();
  // Individual keys have no Issuer ID: the field goes away.
  await expect(page.getByLabel("Issuer ID")).toHaveCount(0);
  await page.getByLabel("Name", { exact: true }).fill("My own key");
  await page.getByLabel("Key ID").fill(k.keyId);
  // Pasted as the base64 of the .p8, as a CI secret store holds it.
  await page.getByLabel("…or paste the private key").fill(Buffer.from(k.privateKey).toString("base64"));
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByRole("status").first()).toContainText("Added My own key (SHA256:");
  const row = page.getByTestId("connection-My own key");
  await expect(row).toContainText("Individual key");
  await expect(row).toContainText(k.keyId);
  await expect(row).not.toContainText("Issuer");
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row).toContainText("Working");
});

test("a fastlane API key file fills every field: a team key with its Issuer ID, an individual key without", async ({ page, baseURL }) => {
  await openConnections(page, baseURL!);
  const fileInput = page.getByLabel("Private key file (.p8) or fastlane API key file (.json)");

  const broken = tempFile("api_key.json", "{ \"key_id\": ");
  await fileInput.setInputFiles(broken);
  await expect(fileInput).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#conn-file-error")).toHaveText(/not valid JSON/);

  const enterprise = ascKey();
  await fileInput.setInputFiles(tempFile("enterprise.json", JSON.stringify({ ...JSON.parse(fastlaneApiKeyFile(enterprise)), in_house: true })));
  await expect(page.locator("#conn-file-error")).toHaveText(/^in_house: .*Enterprise Program/);

  const team = ascKey();
  await fileInput.setInputFiles(tempFile("api_key.json", fastlaneApiKeyFile(team, { base64: true })));
  await expect(page.getByLabel("Team key")).toBeChecked();
  await expect(page.getByLabel("Issuer ID")).toHaveValue(team.issuerId);
  await expect(page.getByLabel("Key ID")).toHaveValue(team.keyId);
  await expect(page.locator("#conn-file-error")).toHaveCount(0);
  await page.getByLabel("Name", { exact: true }).fill("From fastlane");
  await page.getByRole("button", { name: "Add connection" }).click();
  const row = page.getByTestId("connection-From fastlane");
  await expect(row).toContainText("Team key");
  await expect(row).toContainText(team.issuerId);
  await expect(row).toContainText(team.keyId);

  const mine = ascKey();
  await fileInput.setInputFiles(tempFile("individual.json", fastlaneApiKeyFile(mine, { individual: true })));
  await expect(page.getByLabel("Individual key")).toBeChecked();
  await expect(page.getByLabel("Issuer ID")).toHaveCount(0);
  await expect(page.getByLabel("Key ID")).toHaveValue(mine.keyId);
  await page.getByLabel("Name", { exact: true }).fill("fastlane individual");
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByTestId("connection-fastlane individual")).toContainText("Individual key");
});
