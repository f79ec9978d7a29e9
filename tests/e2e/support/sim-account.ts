import { expect, type APIRequestContext } from "@playwright/test";
import { makeAppInfo, makeConnection, makeReview, makeSyncedApp, makeVersion, type SeededApp } from "./seed";
import { addSimTeam, registerSimKey, SIM_URL, simLocalizations } from "./sim";

export type SimConnection = Awaited<ReturnType<typeof simConnection>>;

/**
 * A team-key connection of the organisation, added by `creatorId` through the product's own
 * createConnection, whose key the simulator accepts for an account of its own with these sizes.
 */
export async function simConnection(
  request: APIRequestContext,
  organizationId: string,
  creatorId: string,
  opts: { name?: string; sizes?: { apps: number; reviewsPerApp: number; locales?: number } } = {},
) {
  const conn = await makeConnection(organizationId, creatorId, { name: opts.name ?? "Client team" });
  const issuerId = conn.issuerId!;
  await addSimTeam(request, issuerId, opts.sizes ?? { apps: 1, reviewsPerApp: 3, locales: 2 });
  await registerSimKey(request, { issuerId, keyId: conn.keyId, publicKey: conn.key.publicKey });
  return { ...conn, issuerId };
}

/**
 * The simulator's first app as a metadata sync would have stored it, named "Target App" (SKU
 * TARGET1): the app information being prepared and the version going out with it, in every
 * locale the simulator holds. Returns the app and the version's localization ids by locale.
 */
export async function storeSimApp(request: APIRequestContext, conn: SimConnection) {
  const [held] = await simLocalizations(request, conn.issuerId);
  const info = held.appInfos.find((i) => i.state === "PREPARE_FOR_SUBMISSION")!;
  const version = held.versions.find((v) => v.appVersionState === "PREPARE_FOR_SUBMISSION")!;
  const app = await makeSyncedApp(
    { organizationId: conn.organizationId, connectionId: conn.id },
    { appleId: held.id, name: "Target App", bundleId: "com.example.target", sku: "TARGET1", primaryLocale: "en-US" },
  );
  await makeAppInfo(app, {
    appleId: info.id,
    appStoreState: info.appStoreState,
    state: info.state,
    localizations: info.localizations.map((l) => ({ appleId: l.id, locale: l.locale, name: l.name, subtitle: l.subtitle, privacyPolicyUrl: l.privacyPolicyUrl })),
  });
  const stored = await makeVersion(app, {
    appleId: version.id,
    versionString: version.versionString,
    platform: "IOS",
    appStoreState: version.appStoreState,
    appVersionState: version.appVersionState,
    localizations: version.localizations.map((l) => ({
      appleId: l.id,
      locale: l.locale,
      description: l.description,
      keywords: l.keywords,
      marketingUrl: l.marketingUrl,
      promotionalText: l.promotionalText,
      supportUrl: l.supportUrl,
      whatsNew: l.whatsNew,
    })),
  });
  return { app, version: { ...stored, held: version } };
}

type SimReview = { id: string; rating: number; createdDate: string };

/** Adds a reply at the simulator, as answering in App Store Connect does; returns Apple's id of the response. */
async function replyAtSim(request: APIRequestContext, issuerId: string, reviewId: string, responseBody: string) {
  const added = await request.post(`${SIM_URL}/__sim/responses`, { data: { issuerId, reviewId, responseBody } });
  expect(added.status(), await added.text()).toBe(201);
  const responses = (await (await request.get(`${SIM_URL}/__sim/responses`, { params: { issuerId } })).json()).responses as { id: string; reviewId: string }[];
  return responses.find((r) => r.reviewId === reviewId)!.id;
}

/**
 * The simulator's first three reviews of the app as a reviews sync would have stored them: the
 * first unanswered, the second with a reply made in App Store Connect, the third answered in
 * App Store Connect after that sync (the simulator holds a reply, we hold none).
 */
export async function storeSimReviews(request: APIRequestContext, conn: SimConnection, app: SeededApp) {
  const held = (await (await request.get(`${SIM_URL}/__sim/reviews`, { params: { issuerId: conn.issuerId } })).json()).reviews as SimReview[];
  const [open, answered, answeredLater] = held;
  const responseId = await replyAtSim(request, conn.issuerId, answered.id, "Thanks for the stars!");
  await replyAtSim(request, conn.issuerId, answeredLater.id, "Answered in App Store Connect after the sync");
  const stored = (r: SimReview, response?: { appleId: string; body: string; state: string }) =>
    makeReview(app, {
      appleId: r.id,
      rating: r.rating,
      title: "Surface review",
      body: "A review for the surface check",
      reviewerNickname: "surfer",
      territory: "USA",
      createdDate: r.createdDate,
      response,
    });
  return {
    reviewId: (await stored(open)).id,
    repliedReviewId: (await stored(answered, { appleId: responseId, body: "Thanks for the stars!", state: "PUBLISHED" })).id,
    repliedAtAppleReviewId: (await stored(answeredLater)).id,
  };
}
