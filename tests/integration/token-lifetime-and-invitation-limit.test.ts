import { afterAll, afterEach, describe, expect, it } from "vitest";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { resetClock, setClock } from "@/lib/clock";
import { hashToken, randomToken } from "@/lib/crypto/tokens";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { toErrorResponse } from "@/lib/http/route";
import { createInvitation } from "@/lib/invitations/mutations";
import { getRedis } from "@/lib/redis";
import { makeOrgWithRoles } from "@/lib/seed/factories";
import { contextFor } from "./support/context";
import { failure } from "./support/failure";

afterEach(() => resetClock());
afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-10T12:00:00Z");
const client = { ip: "203.0.113.9", userAgent: "vitest" };

describe("API token lifetime cap", () => {
  it("refuses tokens without expiry or beyond the cap, naming the field", async () => {
    setClock(T0);
    const { org, members } = await makeOrgWithRoles("cap");
    const owner = await contextFor(org.id, members.OWNER.id);
    await db.organization.update({ where: { id: org.id }, data: { apiTokenMaxLifetimeDays: 30 } });
    for (const expiresInDays of [undefined, 31]) {
      const e = await failure(createApiToken(owner, { name: "CI", role: "VIEWER", expiresInDays }), AppError);
      expect(e.code).toBe("validation");
      expect(e.field).toBe("expiresInDays");
      expect(e.publicMessage).toMatch(/30 days/);
    }
    expect(await db.apiToken.count({ where: { organizationId: org.id } })).toBe(0);
    const ok = await createApiToken(owner, { name: "CI", role: "VIEWER", expiresInDays: 30 });
    expect(ok.expiresAt!.getTime() - ok.createdAt.getTime()).toBe(30 * DAY);
  });

  it("lowering the cap shortens existing tokens to creation plus the cap, with audit entries", async () => {
    setClock(T0);
    const { org, members } = await makeOrgWithRoles("capdown");
    const owner = await contextFor(org.id, members.OWNER.id);
    const forever = await createApiToken(owner, { name: "Forever", role: "VIEWER" });
    const short = await createApiToken(owner, { name: "Short", role: "VIEWER", expiresInDays: 5 });
    const { setApiTokenLifetimeCap } = await import("@/lib/api-tokens/lifetime-cap");
    setClock(T0 + 20 * DAY);
    const result = await setApiTokenLifetimeCap(owner, 30);
    expect(result.tokensShortened).toBe(1);
    const rows = await db.apiToken.findMany({ where: { organizationId: org.id }, select: { id: true, createdAt: true, expiresAt: true } });
    const lifetime = (id: string) => {
      const r = rows.find((x) => x.id === id)!;
      return r.expiresAt!.getTime() - r.createdAt.getTime();
    };
    expect(lifetime(forever.id)).toBe(30 * DAY);
    expect(lifetime(short.id)).toBe(5 * DAY);
    await expect(authenticateApiToken(`Bearer ${forever.token}`, client)).resolves.toBeTruthy();
    setClock(T0 + 31 * DAY);
    expect((await failure(authenticateApiToken(`Bearer ${forever.token}`, client), AppError)).code).toBe("unauthenticated");
    const audit = await db.auditEvent.findMany({ where: { organizationId: org.id, action: { in: ["api_token.expiry_capped", "org.api_token_lifetime_changed"] } }, select: { action: true, targetId: true } });
    expect(audit).toEqual(expect.arrayContaining([{ action: "api_token.expiry_capped", targetId: forever.id }, { action: "org.api_token_lifetime_changed", targetId: org.id }]));
  });

  it("accepts 1 to 3650 days or empty for no cap", async () => {
    const { ZUpdateOrgSettings } = await import("@/lib/orgs/settings-schemas");
    expect(ZUpdateOrgSettings.parse({ apiTokenMaxLifetimeDays: "" })).toEqual({ apiTokenMaxLifetimeDays: null });
    expect(ZUpdateOrgSettings.parse({ apiTokenMaxLifetimeDays: 3650 })).toEqual({ apiTokenMaxLifetimeDays: 3650 });
    for (const bad of [0, 3651, 1.5, "ten"]) {
      const r = ZUpdateOrgSettings.safeParse({ apiTokenMaxLifetimeDays: bad });
      expect(r.success, String(bad)).toBe(false);
      expect(r.error?.issues[0].path).toEqual(["apiTokenMaxLifetimeDays"]);
    }
  });
});

describe("invitation mails per organisation and hour", () => {
  it("refuse the 51st mail within an hour with 429 and Retry-After, and leave no invitation behind", async () => {
    setClock(T0);
    const { org, members } = await makeOrgWithRoles("mailcap");
    const admin = await contextFor(org.id, members.ADMIN.id);
    // 50 mailed invitations in the last hour, the oldest 59 minutes ago, and one older that no longer counts.
    const rows = Array.from({ length: 51 }, (_, i) => ({
      organizationId: org.id,
      role: "VIEWER" as const,
      email: `invitee${i}@example.test`,
      tokenHash: hashToken(randomToken()),
      createdById: members.ADMIN.id,
      expiresAt: new Date(T0 + DAY),
      createdAt: new Date(i === 0 ? T0 - 61 * 60_000 : i === 1 ? T0 - 59 * 60_000 : T0 - 60_000),
    }));
    await db.invitation.createMany({ data: rows });
    const before = await db.invitation.count({ where: { organizationId: org.id } });
    setClock(T0);

    const e = await failure(createInvitation(admin, { role: "VIEWER", email: "one-too-many@example.test" }), AppError);
    expect(e.code).toBe("rate_limited");
    expect(e.publicMessage).toMatch(/50 invitation mails in the last hour/);
    const res = toErrorResponse(e);
    expect(res.status).toBe(429);
    // The oldest counted mail leaves the window 60 seconds after T0 (the pinned clock keeps running).
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThanOrEqual(50);
    expect(Number(res.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(await db.invitation.count({ where: { organizationId: org.id } })).toBe(before);

    // A link without an email sends no mail and is still created.
    await expect(createInvitation(admin, { role: "VIEWER" })).resolves.toMatchObject({ email: null });
    // Once the oldest mail of the hour falls out of the window, mail goes out again.
    setClock(T0 + 61_000);
    await expect(createInvitation(admin, { role: "VIEWER", email: "later@example.test" })).resolves.toMatchObject({ email: "later@example.test" });
  });
});
