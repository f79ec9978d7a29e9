import { expect, test } from "@playwright/test";
import { newOwner } from "./support/api";

/**
 * The Alerts page: channels are checked when saved (an address inside the network is refused
 * with the reason), a webhook's signing secret is shown once, rules pick what and where, and
 * the delivery log shows each try. No DNS here: the public endpoint is an address literal.
 */
test("an owner adds channels and a rule; an internal address is refused; the webhook secret is shown once", async ({ page, baseURL }) => {
  const owner = await newOwner(page.context().request, baseURL!, "alerts-page");
  await page.goto(`/o/${owner.slug}`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();

  const channel = page.getByRole("form", { name: "Add a channel" });
  await channel.getByLabel("Kind").selectOption("WEBHOOK");
  await channel.getByLabel("Name").fill("Metadata service");
  for (const inside of ["https://169.254.169.254/latest/meta-data", "https://10.0.0.8/hook", "https://[::1]/hook", "https://127.0.0.1/hook"]) {
    await channel.getByLabel("Endpoint address").fill(inside);
    await channel.getByRole("button", { name: "Add channel" }).click();
    await expect(channel.getByRole("alert")).toContainText(/private|loopback|link-local|metadata|inside/i);
  }
  await channel.getByLabel("Endpoint address").fill("http://93.184.215.14/hook");
  await channel.getByRole("button", { name: "Add channel" }).click();
  await expect(channel.getByRole("alert")).toContainText(/https/);

  await channel.getByLabel("Endpoint address").fill("https://93.184.215.14/hooks/ascdash");
  await channel.getByRole("button", { name: "Add channel" }).click();
  const secret = page.getByTestId("webhook-secret");
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
  const shown = await secret.textContent();
  await page.getByRole("button", { name: "I have stored it" }).click();
  const channels = page.getByRole("list", { name: "Channels" });
  await expect(channels).toContainText("Metadata service");
  await expect(channels).toContainText("https://93.184.215.14");
  // Only the host is shown again: not the path, never the secret.
  await page.reload();
  expect(await page.content()).not.toContain("/hooks/ascdash");
  expect(await page.content()).not.toContain(shown!);

  await channel.getByLabel("Kind").selectOption("EMAIL");
  await channel.getByLabel("Name").fill("Support mail");
  await channel.getByLabel("Email addresses").fill("support@example.test, lead@example.test");
  await channel.getByRole("button", { name: "Add channel" }).click();
  await expect(channels).toContainText("support@example.test, lead@example.test");

  const rule = page.getByRole("form", { name: "Add a rule" });
  await rule.getByRole("button", { name: "Add rule" }).click();
  await expect(rule.getByRole("alert").first()).toContainText(/Name the rule|at least one channel/);
  await rule.getByLabel("Name").fill("Low ratings");
  await rule.getByLabel("1★").check();
  await rule.getByLabel("2★").check();
  await rule.getByLabel("How often").selectOption("HOURLY");
  await rule.getByLabel("Quiet hours").check();
  await rule.getByLabel("Support mail").check();
  await rule.getByLabel("Metadata service").check();
  await rule.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("list", { name: "Rules" })).toContainText("Low ratings");
  await expect(page.getByRole("list", { name: "Rules" })).toContainText("Hourly digest · quiet 22:00–07:00 · to Metadata service, Support mail");

  // A rule can be turned off and on; a key-age rule takes its days.
  await page.getByRole("button", { name: "Turn off Low ratings" }).click();
  await expect(page.getByRole("list", { name: "Rules" })).toContainText("Low ratings(off)");
  await page.getByRole("button", { name: "Turn on Low ratings" }).click();
  await expect(page.getByRole("list", { name: "Rules" })).not.toContainText("(off)");
  await rule.getByLabel("Name").fill("Rotate keys");
  await rule.getByLabel("Tell us about").selectOption("KEY_AGE");
  await rule.getByLabel("Days since the key was added or replaced").fill("0");
  await rule.getByLabel("Support mail").check();
  await rule.getByRole("button", { name: "Add rule" }).click();
  await expect(rule.getByRole("alert").first()).toContainText("filters.days is a whole number from 1 to 3650.");
  await rule.getByLabel("Days since the key was added or replaced").fill("90");
  await rule.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("list", { name: "Rules" })).toContainText("A key due for rotation");

  // A test goes through the delivery log.
  await page.getByRole("button", { name: "Send a test to Support mail" }).click();
  await expect(page.getByRole("status")).toContainText("Test queued for Support mail");
  await expect(page.getByRole("table", { name: "Deliveries" })).toContainText("Test");

  // The zone of quiet hours and digests: a name the server does not know is refused.
  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByText("Not a time zone this server knows")).toBeVisible();
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByRole("status")).toContainText("Europe/Berlin");
});
