import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { machine, median, pct, runBench, ownerContext } from "./support";

/**
 * The metadata editor with 40 locales: the grid API's latency; in Chromium, the time from
 * navigation until the last locale's keywords field can be typed into; and, inside the
 * page, the time from a key event to the next frame after that field's counter changed.
 * Medians of several runs; writes bench-results/metadata-grid.json.
 */
const LOCALES = 40;
const RUNS = 7;
const PASSWORD = "bench password 2026";


function words(n: number, seed: number) {
  const w = ["photo", "editor", "filters", "fast", "share", "camera", "light", "color", "studio", "album"];
  return Array.from({ length: n }, (_, i) => w[(i * 7 + seed) % w.length]).join(" ");
}

async function seedApp(orgId: string, connectionId: string) {
  const scope = { organizationId: orgId, connectionId };
  const app = await db.syncedApp.create({ data: { ...scope, appleId: "1999000001", name: "Bench App", bundleId: "com.example.bench", sku: "BENCH1", primaryLocale: "en-US", metadataSyncedAt: new Date() } });
  const info = await db.syncedAppInfo.create({ data: { ...scope, appId: app.id, appleId: "bench-info", appStoreState: "READY_FOR_SALE" } });
  const version = await db.syncedVersion.create({ data: { ...scope, appId: app.id, appleId: "bench-v2", versionString: "2.0", appStoreState: "PREPARE_FOR_SUBMISSION", platform: "IOS" } });
  const locales = Array.from({ length: LOCALES }, (_, i) => (i === 0 ? "en-US" : `l${String(i).padStart(2, "0")}-XX`));
  await db.syncedAppInfoLocalization.createMany({
    data: locales.map((locale, i) => ({ ...scope, appInfoId: info.id, appleId: `bench-il-${i}`, locale, name: `Bench App ${i}`, subtitle: words(4, i).slice(0, 30), privacyPolicyUrl: `https://example.com/${i}/privacy` })),
  });
  await db.syncedVersionLocalization.createMany({
    data: locales.map((locale, i) => ({
      ...scope, versionId: version.id, appleId: `bench-vl-${i}`, locale,
      description: words(450, i).slice(0, 3000), keywords: words(12, i).replaceAll(" ", ",").slice(0, 90), promotionalText: words(20, i).slice(0, 160),
      whatsNew: words(60, i), marketingUrl: `https://example.com/${i}`, supportUrl: `https://example.com/${i}/support`,
    })),
  });
  return { appId: app.id, lastLocale: locales[LOCALES - 1] };
}

async function main() {
  const base = env.NEXTAUTH_URL;
  const owner = await makeUser({ email: `bench-${randomBytes(3).toString("hex")}@example.com`, name: "Bench Editor", password: PASSWORD });
  const org = await makeOrg(owner, "Bench Metadata");
  const ctx = await ownerContext(owner, org.id);
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const conn = await createConnection(ctx, { name: "Bench", issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey });
  const token = await createApiToken(ctx, { name: "bench", role: "EDITOR" });
  const { appId, lastLocale } = await seedApp(org.id, conn.id);

  // The grid's data, as the page and release scripts fetch it.
  const api: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/apps/${appId}/localizations`, { headers: { authorization: `Bearer ${token.token}` } });
    if (!res.ok) throw new Error(`grid API answered ${res.status}`);
    await res.arrayBuffer();
    api.push(performance.now() - t);
  }

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));

  const interactive: number[] = [];
  const keystroke: number[] = [];
  const url = `/o/${org.slug}/apps/${appId}`;
  for (let r = 0; r < RUNS; r++) {
    const t = Date.now();
    await page.goto(url);
    const field = page.getByLabel(`Keywords, ${lastLocale}`, { exact: true });
    await field.waitFor({ state: "visible" });
    await field.click();
    interactive.push(Date.now() - t);
    // One keystroke, measured inside the page: from the key event to the next frame after
    // the field's counter changed (React state, counter and keyword hints included).
    const before = await field.inputValue();
    await field.press("End");
    const counterId = `${await field.getAttribute("id")}-count`;
    await page.evaluate((id) => {
      const w = window as unknown as { __keystroke?: Promise<number> };
      w.__keystroke = new Promise<number>((resolve) => {
        let start = 0;
        document.addEventListener("keydown", (e) => (start = e.timeStamp), { once: true, capture: true });
        const counter = document.getElementById(id);
        if (!counter) throw new Error(`no counter ${id}`);
        new MutationObserver((_, obs) => {
          obs.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        }).observe(counter, { childList: true, characterData: true, subtree: true });
      });
    }, counterId);
    await page.keyboard.type("x");
    keystroke.push(Math.round(await page.evaluate(() => (window as unknown as { __keystroke: Promise<number> }).__keystroke)));
    await field.fill(before);
  }
  await browser.close();

  const out = {
    date: new Date().toISOString(),
    machine: machine(),
    setup: { locales: LOCALES, fieldsPerLocale: 9, runs: RUNS, browser: "Debian Chromium, headless, 1440x900", server: "next standalone, NODE_ENV=production, same machine" },
    gridApiMs: { p50: Math.round(median(api)), p95: Math.round(pct(api, 95)), samples: api.length },
    pageInteractiveMs: { median: median(interactive), max: Math.max(...interactive), samples: interactive },
    keystrokeMs: { median: median(keystroke), max: Math.max(...keystroke), samples: keystroke },
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/metadata-grid.json", JSON.stringify(out, null, 2) + "\n");
  process.stdout.write(
    `metadata grid (${LOCALES} locales): API p50 ${out.gridApiMs.p50} ms, p95 ${out.gridApiMs.p95} ms; page interactive median ${out.pageInteractiveMs.median} ms; keystroke median ${out.keystrokeMs.median} ms\nwrote bench-results/metadata-grid.json\n`,
  );
}

runBench(main);
