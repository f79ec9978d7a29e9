import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { jsonHeaders, newOwner } from "./support/api";
import { connectionBody, individualSimConnection } from "./support/keys";
import { addSimTeam, registerSimKey } from "./support/sim";

/** Requests a full sync through the member API and waits for its run to end, returning it. */
async function fullSync(api: APIRequestContext, baseURL: string, orgId: string, connectionId: string) {
  const base = `/api/orgs/${orgId}/connections/${connectionId}`;
  const started = await api.post(`${base}/sync`, { headers: jsonHeaders(baseURL), data: { kind: "FULL" } });
  expect(started.status(), await started.text()).toBe(202);
  const { runId } = await started.json();
  let run: { status: string; itemsFailed: number; fetched: number } | undefined;
  await expect
    .poll(
      async () => {
        const s = await (await api.get(`${base}/sync`)).json();
        run = s.history.find((r: { id: string }) => r.id === runId);
        return run?.status;
      },
      { timeout: 45_000, intervals: [500] },
    )
    .toMatch(/SUCCEEDED|FAILED/);
  return run!;
}

async function capability(page: Page, name: string, what: string) {
  return page.getByTestId(`capabilities-${name}`).locator(`li[data-capability="${what}"]`);
}

test("an App Manager team key and an individual key both sync reviews and metadata, and their capability reports say what each can and cannot do", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const api = page.context().request;
  const owner = await newOwner(api, baseURL!, "caps");

  // A team key with the App Manager role: Apple refuses it sales reports, nothing else.
  const { key, body } = connectionBody("Manager key");
  await addSimTeam(api, key.issuerId, { apps: 2, reviewsPerApp: 5, locales: 2 });
  await registerSimKey(api, key, "APP_MANAGER");
  const created = await api.post(`/api/orgs/${owner.orgId}/connections`, { headers: jsonHeaders(baseURL!), data: body });
  expect(created.status(), await created.text()).toBe(201);
  const managerId = (await created.json()).connection.id as string;
  const settings = await api.patch(`/api/orgs/${owner.orgId}/connections/${managerId}/sync-settings`, { headers: jsonHeaders(baseURL!), data: { vendorNumber: "85099999" } });
  expect(settings.status(), await settings.text()).toBe(200);

  // An individual key of an Admin user of the same team.
  const individual = await individualSimConnection(api, baseURL!, owner.orgId, { role: "ADMIN", teamIssuerId: key.issuerId, name: "Personal key" });

  await page.goto(`/o/${owner.slug}/connections`);
  for (const name of ["Manager key", "Personal key"]) {
    const row = page.getByTestId(`connection-${name}`);
    await expect(row).toContainText("Not checked yet");
    await row.getByRole("button", { name: "Test connection" }).click();
    await expect(row).toContainText("Works: App Store Connect accepted the key.");
    for (const what of ["apps", "metadata", "reviews"]) await expect(await capability(page, name, what)).toHaveAttribute("data-state", "works");
    await expect(await capability(page, name, "clock")).toHaveAttribute("data-state", "ok");
  }
  const managerSales = await capability(page, "Manager key", "sales");
  await expect(managerSales).toHaveAttribute("data-state", "not_allowed");
  await expect(managerSales).toContainText("Not allowed for this key's role");
  await expect(managerSales).toContainText("It needs the Admin, Finance or Sales (a team key) role.");
  const personalSales = await capability(page, "Personal key", "sales");
  await expect(personalSales).toHaveAttribute("data-state", "not_allowed");
  await expect(personalSales).toContainText("not available for individual keys");
  await expect(page.getByTestId("connection-Personal key")).toContainText("Individual key");

  // Both sync reviews and metadata.
  for (const id of [managerId, individual.connectionId]) {
    const run = await fullSync(api, baseURL!, owner.orgId, id);
    expect(run).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    expect(run.fetched).toBeGreaterThan(10);
  }

  // The Sync page says sales alone are stopped for the App Manager key, and why.
  await page.goto(`/o/${owner.slug}/connections/${managerId}/sync`);
  const blocks = page.getByTestId("sync-blocks");
  await expect(blocks).toContainText("Sales: This key's role may not use sales reports (403).");
  await expect(blocks).toContainText("Everything else keeps syncing.");

  // The Sales page says sales are not available for the individual key.
  await page.goto(`/o/${owner.slug}/sales`);
  await expect(page.getByTestId(`report-status-${individual.connectionId}`)).toContainText("Sales reports are not available for individual keys");
});
