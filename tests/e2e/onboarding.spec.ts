import { expect, test } from "@playwright/test";
import { email, PASSWORD } from "./support/api";

/** The newcomer's path, through the real forms: sign up, add an organisation, invite a teammate who joins. */
test("sign up, create a second organisation, invite a teammate who joins with the chosen role", async ({ browser, baseURL }) => {
  const owner = await browser.newContext({ baseURL });
  const page = await owner.newPage();
  const ownerEmail = email("newcomer");

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Nora Newcomer");
  await page.getByLabel("Work email").fill(ownerEmail);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Organisation name").fill("Nora Games");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Nora Games", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Connect your first App Store Connect team" })).toBeVisible();

  // Second organisation, through the switcher.
  await page.getByLabel("Organisation").selectOption({ label: "+ New organisation…" });
  await expect(page).toHaveURL(/\/orgs\/new/);
  await page.getByLabel("Organisation name").fill("Nora Client Agency");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByRole("heading", { name: "Nora Client Agency", level: 1 })).toBeVisible();
  const switcher = page.getByLabel("Organisation");
  await expect(switcher.locator("option")).toHaveText(["Nora Client Agency", "Nora Games", "+ New organisation…"]);

  // Invite an editor.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Manage members" }).click();
  await page.getByLabel("Role", { exact: true }).selectOption("EDITOR");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = await page.getByLabel(/Invitation link/).inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  await expect(page.getByText(/Editor · expires/)).toBeVisible();

  // The teammate, in a browser of their own.
  const mate = await browser.newContext({ baseURL });
  const matePage = await mate.newPage();
  const mateEmail = email("teammate");
  await matePage.goto(new URL(link).pathname);
  await expect(matePage.getByRole("heading", { name: "Join Nora Client Agency" })).toBeVisible();
  await expect(matePage.getByText("You are invited as Editor")).toBeVisible();
  await matePage.getByLabel("Your name").fill("Tom Teammate");
  await matePage.getByLabel("Work email").fill(mateEmail);
  await matePage.getByLabel("Password").fill(PASSWORD);
  await matePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(matePage.getByRole("heading", { name: "Nora Client Agency", level: 1 })).toBeVisible();
  await expect(matePage.getByText("Your role: Editor")).toBeVisible();
  // The teammate sees only the organisation they joined.
  await expect(matePage.getByLabel("Organisation").locator("option")).toHaveText(["Nora Client Agency", "+ New organisation…"]);

  await page.reload();
  const row = page.getByTestId(`member-${mateEmail}`);
  await expect(row).toContainText("Tom Teammate");
  await expect(row.getByLabel(`Role of ${mateEmail}`)).toHaveValue("EDITOR");
  await expect(page.getByText("No pending invitations.")).toBeVisible();

  // The link is single-use.
  const third = await browser.newContext({ baseURL });
  const thirdPage = await third.newPage();
  await thirdPage.goto(new URL(link).pathname);
  await expect(thirdPage.getByRole("main").getByRole("alert")).toHaveText("This invitation has already been used. Ask for a new one.");
});

test("keyboard users reach every control with a visible focus ring", async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ baseURL });
  const page = await ctx.newPage();
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  const outline = await page.getByLabel("Email").evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeFocused();
});
