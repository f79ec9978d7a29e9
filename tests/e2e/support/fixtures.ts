import { test as base, expect, request as pwRequest, type APIRequestContext } from "@playwright/test";
import type { Role } from "@/lib/generated/prisma/enums";
import { email, PASSWORD, signIn } from "./api";
import { DEFAULT_PASSWORD, makeOrgWithRoles, makeReplyTemplate, makeSales, makeUser, type SaleLine } from "./seed";
import type { Target } from "./org-surface";
import { simConnection, storeSimApp, storeSimReviews, type SimConnection } from "./sim-account";
import { surfaceTarget } from "./target";

export { expect };

export type SeededUser = { id: string; email: string; name: string; password: string };
export type SeededOrg = { id: string; slug: string; name: string; members: Record<Role, SeededUser & { membershipId: string }> };

type Fixtures = {
  /** A new user with the default password, in no organisation and signed in nowhere. */
  user: SeededUser;
  /** A new organisation: an owner and one member of every other role, each with the default password. */
  org: SeededOrg;
  /** A request context of its own signed in as `who` through the sign-in API; disposed after the test. */
  signedIn: (who: { email: string; password: string }) => Promise<APIRequestContext>;
  /** The organisation's connection "Client team", added by its owner; the simulator accepts its key for an account with one app, three reviews and two locales. */
  connection: SimConnection;
  /** That account's app stored as a metadata sync would have, as "Target App" (SKU TARGET1), with its version being prepared in en-US and de-DE. */
  syncedApp: Awaited<ReturnType<typeof storeSimApp>>;
  /** The app's three reviews as a reviews sync would have stored them (unanswered, replied, replied at Apple after the sync), and a reply template "Thanks". */
  reviews: Awaited<ReturnType<typeof storeSimReviews>> & { templateId: string };
  /** Stores report lines on the connection as a sales sync would, their days marked fetched. */
  sales: (lines: SaleLine[]) => Promise<void>;
  /** Everything the organisation-surface cases act on (tests/e2e/support/org-surface.ts), built on the fixtures above; the viewer is `org.members.VIEWER`. */
  target: Target;
};

/*
 * Every fixture makes its own rows under new names (a new organisation per test), so specs
 * stay independent without deleting anything, and a failed test leaves its rows to look at.
 */
export const test = base.extend<Fixtures>({
  user: async ({}, provide, testInfo) => {
    const label = `u${testInfo.workerIndex}`;
    const u = await makeUser({ email: email(label), name: label, password: PASSWORD });
    await provide({ ...u, password: PASSWORD });
  },
  org: async ({}, provide, testInfo) => {
    const { org, members } = await makeOrgWithRoles(`w${testInfo.workerIndex}`);
    const withPassword = Object.fromEntries(Object.entries(members).map(([role, m]) => [role, { ...m, password: DEFAULT_PASSWORD }]));
    await provide({ ...org, members: withPassword as SeededOrg["members"] });
  },
  signedIn: async ({ baseURL }, provide) => {
    const contexts: APIRequestContext[] = [];
    await provide(async (who) => {
      const ctx = await pwRequest.newContext({ baseURL });
      contexts.push(ctx);
      await signIn(ctx, who);
      return ctx;
    });
    for (const ctx of contexts) await ctx.dispose();
  },
  connection: async ({ org, request }, provide) => {
    await provide(await simConnection(request, org.id, org.members.OWNER.id, { name: "Client team", sizes: { apps: 1, reviewsPerApp: 3, locales: 2 } }));
  },
  syncedApp: async ({ connection, request }, provide) => {
    await provide(await storeSimApp(request, connection));
  },
  reviews: async ({ connection, syncedApp, request }, provide) => {
    const stored = await storeSimReviews(request, connection, syncedApp.app);
    const template = await makeReplyTemplate(connection.organizationId, { name: "Thanks", body: "Thanks {nickname}!" });
    await provide({ ...stored, templateId: template.id });
  },
  sales: async ({ connection }, provide) => {
    await provide(async (lines) => {
      await makeSales({ organizationId: connection.organizationId, connectionId: connection.id }, lines);
    });
  },
  target: async ({ org, connection, syncedApp, reviews, signedIn, baseURL }, provide) => {
    const owner = org.members.OWNER;
    const ownerReq = await signedIn(owner);
    await provide(await surfaceTarget(ownerReq, baseURL!, { org, owner, viewerMembershipId: org.members.VIEWER.membershipId, connection, syncedApp, reviews }));
  },
});
