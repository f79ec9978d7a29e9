import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { acceptInvitation, createInvitation } from "@/lib/invitations/mutations";
import { getRedis } from "@/lib/redis";
import { makeOrgWithRoles, makeUser } from "@/lib/seed/factories";
import { freePort } from "./support/faults";
import { contextFor } from "./support/context";
import { smtpReceiver, type ReceivedMail } from "./support/smtp";

/** With SMTP configured, an invitation that names an email is mailed through a real SMTP exchange. */
let received: ReceivedMail[] = [];
let closeSmtp: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const port = await freePort();
  const smtp = await smtpReceiver(port);
  received = smtp.mails;
  closeSmtp = smtp.close;
  // Read on first use of the environment in this file, which comes after this line.
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.SMTP_FROM = "Dashboard <dash@example.test>";
});

afterAll(async () => {
  await closeSmtp();
  await getRedis().quit();
  await getDb().$disconnect();
});

describe("invitation mail", () => {
  it("mails a working link to the address given, and nothing without one", async () => {
    const { org, members } = await makeOrgWithRoles("mail");
    const ctx = await contextFor(org.id, members.ADMIN.id);
    const to = "new.person@example.test";
    const inv = await createInvitation(ctx, { role: "EDITOR", email: to });
    expect(inv.mail).toEqual({ sent: true });
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual([to]);
    const body = received[0].body.replace(/=\r?\n/g, "");
    expect(body).toContain(`invited you to join ${org.name}`);
    expect(body).toContain("as Editor");
    expect(body).toContain(inv.url);

    const joiner = await makeUser();
    await expect(acceptInvitation(inv.url.split("/invite/")[1], joiner)).resolves.toMatchObject({ role: "EDITOR" });

    const silent = await createInvitation(ctx, { role: "VIEWER" });
    expect(silent.mail).toBeNull();
    expect(received).toHaveLength(1);
  });
});
