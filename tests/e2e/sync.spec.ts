import { expect, request as pwRequest, test, type APIRequestContext } from "@playwright/test";
import { jsonHeaders, newOwner } from "./support/api";
import { connectionBody } from "./support/keys";
import { addSimTeam, registerSimKey, setSimFaults } from "./support/sim";

async function addConnection(ctx: APIRequestContext, baseURL: string, orgId: string, body: ReturnType<typeof connectionBody>["body"]) {
  const res = await ctx.post(`/api/orgs/${orgId}/connections`, { headers: jsonHeaders(baseURL), data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).connection.id as string;
}

test("a full sync shows its progress as it goes, without a reload, and ends with its counts", async ({ page, baseURL, request }) => {
  const ctx = page.context().request;
  const owner = await newOwner(ctx, baseURL!, "sync");
  const { key, body } = connectionBody("Synced team");
  // 12 apps: 24 items (metadata and reviews of each), enough to watch the bar move.
  await addSimTeam(request, key.issuerId, { apps: 12, reviewsPerApp: 10 });
  await registerSimKey(request, key);
  const id = await addConnection(ctx, baseURL!, owner.orgId, body);
  const tested = await ctx.post(`/api/orgs/${owner.orgId}/connections/${id}/test`, { headers: jsonHeaders(baseURL!) });
  expect((await tested.json()).result).toMatchObject({ ok: true, status: "WORKING" });

  await page.goto(`/o/${owner.slug}/connections`);
  await page.getByTestId("connection-Synced team").getByRole("link", { name: "Sync Synced team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Synced team" })).toBeVisible();
  await expect(page.getByTestId("kind-FULL")).toContainText("Never run");
  await expect(page.getByTestId("kind-FULL")).toContainText("Only on demand");
  // A marker that a reload would wipe.
  await page.evaluate(() => Object.assign(window, { samePage: true }));

  await setSimFaults(request, { latencyMs: 250 });
  try {
    await page.getByRole("group", { name: "Sync now" }).getByRole("button", { name: "Full sync", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Full sync queued." })).toBeVisible();
    const bar = page.getByRole("progressbar", { name: "Full sync" });
    await expect(bar).toHaveAttribute("max", "24", { timeout: 15_000 });
    const first = Number(await bar.getAttribute("value"));
    expect(first).toBeLessThan(24);
    await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 15_000, intervals: [250] }).toBeGreaterThan(first);
  } finally {
    await setSimFaults(request, {});
  }

  const full = page.getByTestId("kind-FULL");
  await expect(full).toContainText("Succeeded", { timeout: 20_000 });
  // The schedules a successful test starts may have stored the reviews first: then the full
  // sync updates rather than creates them. Either way it reports every record it read.
  await expect(full).toContainText(/[1-9][\d,]* fetched · \d+ created · \d+ updated/);
  const [fetched, created, updated] = ((await full.textContent())!.match(/([\d,]+) fetched · ([\d,]+) created · ([\d,]+) updated/) ?? []).slice(1).map((n) => Number(n.replace(/,/g, "")));
  expect(created + updated).toBeGreaterThanOrEqual(fetched);
  await expect(page.getByRole("progressbar", { name: "Full sync" })).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Full sync succeeded." })).toBeVisible();
  await expect(page.getByRole("table", { name: "The last 50 sync runs, newest first" })).toContainText("Full sync");
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  // The key passed its test, so the incremental schedules are set.
  await expect(page.getByTestId("kind-REVIEWS")).toContainText("(every 15 min)");
});

test("a key App Store Connect refuses fails the sync, says why, and pauses the schedules", async ({ page, baseURL }) => {
  const ctx = page.context().request;
  const owner = await newOwner(ctx, baseURL!, "refused");
  // Never registered at the simulator: every token of this key gets 401.
  const id = await addConnection(ctx, baseURL!, owner.orgId, connectionBody("Refused team").body);
  await page.goto(`/o/${owner.slug}/connections/${id}/sync`);
  await expect(page.getByText("This connection has not been tested yet.")).toBeVisible();
  await expect(page.getByText("No syncs yet.")).toBeVisible();

  await page.getByRole("button", { name: "Full sync", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Sync is paused" });
  await expect(alert).toContainText("App Store Connect refused the key");
  await expect(alert).toContainText("Scheduled syncs are paused until the key is fixed and the connection is tested again.");
  const full = page.getByTestId("kind-FULL");
  await expect(full).toContainText("Failed");
  await expect(full).toContainText("refused the key");
  await expect(page.getByTestId("kind-REVIEWS")).toContainText("Paused until the key works again");
  await expect(page.getByRole("button", { name: "Full sync", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Retry full sync" })).toBeDisabled();

  const again = await ctx.post(`/api/orgs/${owner.orgId}/connections/${id}/sync`, { headers: jsonHeaders(baseURL!), data: { kind: "REVIEWS" } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.message).toMatch(/Sync is paused because App Store Connect refused the key/);
});

test("an admin sets the vendor number and intervals; sales need one, and the form says what is wrong", async ({ page, baseURL }) => {
  const ctx = page.context().request;
  const owner = await newOwner(ctx, baseURL!, "settings");
  const id = await addConnection(ctx, baseURL!, owner.orgId, connectionBody("Settings team").body);
  await page.goto(`/o/${owner.slug}/connections/${id}/sync`);
  await expect(page.getByRole("button", { name: "Fetch sales reports" })).toBeDisabled();
  await expect(page.getByText("Sales reports need the connection's vendor number. Set it in the settings below.")).toBeVisible();

  await page.getByLabel("Vendor number").fill("12ab");
  await page.getByLabel("Review sync every (minutes)").fill("2");
  await page.getByRole("button", { name: "Save sync settings" }).click();
  await expect(page.getByLabel("Vendor number")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#sync-vendor-error")).toHaveText(/6 to 12 digits/);
  await expect(page.locator("#sync-reviews-every-error")).toHaveText("At least every 5 minutes.");

  await page.getByLabel("Vendor number").fill("85012345");
  await page.getByLabel("Review sync every (minutes)").fill("30");
  await page.getByRole("button", { name: "Save sync settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Fetch sales reports" })).toBeEnabled();
  await page.reload();
  await expect(page.getByLabel("Vendor number")).toHaveValue("85012345");
  await expect(page.getByLabel("Review sync every (minutes)")).toHaveValue("30");

  await page.getByLabel("Sales from (optional)").fill("2026-10-05");
  await page.getByLabel("to (optional)").fill("2026-10-01");
  await page.getByRole("button", { name: "Fetch sales reports" }).click();
  await expect(page.locator("#sales-from-error")).toHaveText("The start date is after the end date.");
});

test("CI starts syncs through the API, pages through their runs and lists the synced apps", async ({ baseURL, request }) => {
  const session = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(session, baseURL!, "ci-sync");
  const token = async (role: string) => {
    const res = await session.post(`/api/orgs/${owner.orgId}/api-tokens`, { headers: jsonHeaders(baseURL!), data: { name: `${role} sync`, role } });
    return pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${(await res.json()).apiToken.token}` } });
  };
  const [api, viewer] = [await token("EDITOR"), await token("VIEWER")];
  const { key, body } = connectionBody("CI team");
  await addSimTeam(request, key.issuerId, { apps: 2, reviewsPerApp: 5 });
  await registerSimKey(request, key);
  const id = await addConnection(session, baseURL!, owner.orgId, body);

  const runsOf = async (query = "") => (await api.get(`/api/v1/connections/${id}/sync-runs${query}`)).json();
  const finished = async (runId: string) =>
    expect.poll(async () => (await runsOf()).runs.find((r: { id: string }) => r.id === runId)?.status, { timeout: 20_000 }).toBe("SUCCEEDED");

  const full = await api.post(`/api/v1/connections/${id}/sync`, { data: { kind: "FULL" } });
  expect(full.status(), await full.text()).toBe(202);
  const { runId, existing } = await full.json();
  expect(existing).toBe(false);
  await finished(runId);
  const reviews = await (await api.post(`/api/v1/connections/${id}/sync`, { data: { kind: "REVIEWS" } })).json();
  await finished(reviews.runId);

  const first = await runsOf("?limit=1");
  expect(first.runs).toEqual([expect.objectContaining({ id: reviews.runId, kind: "REVIEWS", trigger: "api", status: "SUCCEEDED" })]);
  const second = await runsOf(`?limit=1&cursor=${first.nextCursor}`);
  expect(second.runs).toEqual([expect.objectContaining({ id: runId, kind: "FULL", itemsTotal: 4, itemsDone: 4 })]);
  expect(second.runs[0].fetched).toBeGreaterThan(0);
  expect(second.nextCursor).toBeNull();
  expect((await api.get(`/api/v1/connections/${id}/sync-runs?cursor=nope`)).status()).toBe(422);

  const { apps } = await (await api.get("/api/v1/apps")).json();
  expect(apps).toHaveLength(2);
  for (const a of apps) expect(a).toMatchObject({ connectionId: id, connectionName: "CI team", reviews: 5 });

  const bad = await api.post(`/api/v1/connections/${id}/sync`, { data: { kind: "SALES" } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toMatchObject({ field: "vendorNumber" });
  expect((await viewer.post(`/api/v1/connections/${id}/sync`, { data: { kind: "FULL" } })).status()).toBe(403);
  expect((await viewer.get(`/api/v1/connections/${id}/sync-runs`)).status()).toBe(200);

  // Another organisation's token learns nothing about this connection.
  const other = await pwRequest.newContext({ baseURL });
  const stranger = await newOwner(other, baseURL!, "ci-other");
  const tok = await (await other.post(`/api/orgs/${stranger.orgId}/api-tokens`, { headers: jsonHeaders(baseURL!), data: { name: "other", role: "ADMIN" } })).json();
  const foreign = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${tok.apiToken.token}` } });
  expect((await foreign.post(`/api/v1/connections/${id}/sync`, { data: { kind: "FULL" } })).status()).toBe(404);
  expect((await foreign.get(`/api/v1/connections/${id}/sync-runs`)).status()).toBe(404);
  expect((await (await foreign.get("/api/v1/apps")).json()).apps).toEqual([]);
});
