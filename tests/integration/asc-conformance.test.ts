import { describe, expect, it } from "vitest";
import { ascClient } from "@/lib/asc/client";
import type { AscApp, AscCustomerReview, AscCustomerReviewResponseCreateRequest } from "@/lib/asc/types";
import { AscSimulator } from "../asc-sim/server";
import { requestProblems, responseProblems } from "../asc-sim/spec";
import { simConnection } from "./support/sim-connection";
import { simulatorForFile } from "./support/simulator";

/**
 * Every request the client sent and every response the simulator returned during a run of
 * the operations built so far, checked against Apple's OpenAPI spec.
 */
const sim = new AscSimulator({ seed: 11, sizes: { apps: 2, reviewsPerApp: 230 } });

simulatorForFile(sim, { record: true });

describe("conformance with Apple's OpenAPI spec", () => {
  it("holds for the client's requests and the simulator's responses", async () => {
    const client = ascClient(await simConnection(sim), { baseUrl: sim.url, retry: { maxAttempts: 1 } });

    const apps: AscApp[] = [];
    for await (const page of client.pages<AscApp>("/v1/apps", { "fields[apps]": "name,bundleId,sku,primaryLocale" })) apps.push(...page);
    await client.request({ path: `/v1/apps/${apps[0].id}` });
    const reviews: AscCustomerReview[] = [];
    for await (const page of client.pages<AscCustomerReview>(`/v1/apps/${apps[0].id}/customerReviews`, { sort: "-createdDate", "fields[customerReviews]": "rating,title,body,reviewerNickname,createdDate,territory" })) reviews.push(...page);
    expect(reviews).toHaveLength(230);
    const body: AscCustomerReviewResponseCreateRequest = {
      data: { type: "customerReviewResponses", attributes: { responseBody: "Thank you!" }, relationships: { review: { data: { type: "customerReviews", id: reviews[0].id } } } },
    };
    await client.request({ method: "POST", path: "/v1/customerReviewResponses", body });
    // Apple's create overwrites the review's response (with a new one, in the simulator's reading).
    const replaced = await client.request<{ data: { id: string } }>({ method: "POST", path: "/v1/customerReviewResponses", body });
    await client.request({ method: "DELETE", path: `/v1/customerReviewResponses/${replaced.body.data.id}` });
    await client.request({ path: "/v1/apps/424242" }).catch(() => undefined); // 404
    await fetch(`${sim.url}/v1/apps`, { headers: { authorization: "Bearer a.b.c" } }); // 401

    // Metadata: one request per app for app infos with their localizations, one for versions with theirs.
    // Two app infos: the live one and the one being prepared with the next version, each with its localizations.
    const infos = await client.request<{ data: { id: string; attributes: { state: string; appStoreState: string }; relationships: { appInfoLocalizations: { data: { id: string }[] } } }[]; included: { id: string; attributes: { locale: string } }[] }>({
      path: `/v1/apps/${apps[0].id}/appInfos`,
      query: { include: "appInfoLocalizations", "limit[appInfoLocalizations]": 50, "fields[appInfoLocalizations]": "locale,name,subtitle,privacyPolicyUrl" },
    });
    expect(infos.body.data.map((i) => [i.attributes.state, i.attributes.appStoreState])).toEqual([["READY_FOR_DISTRIBUTION", "READY_FOR_SALE"], ["PREPARE_FOR_SUBMISSION", "PREPARE_FOR_SUBMISSION"]]);
    expect(infos.body.included.map((l) => l.attributes.locale)).toEqual(["en-US", "de-DE", "fr-FR", "en-US", "de-DE", "fr-FR"]);
    const versions = await client.request<{ data: { id: string; attributes: { appStoreState: string; appVersionState: string } }[]; included: { id: string }[] }>({
      path: `/v1/apps/${apps[0].id}/appStoreVersions`,
      query: { include: "appStoreVersionLocalizations", "limit[appStoreVersionLocalizations]": 50, "filter[appVersionState]": "READY_FOR_DISTRIBUTION,PREPARE_FOR_SUBMISSION" },
    });
    expect(versions.body.data.map((v) => [v.attributes.appVersionState, v.attributes.appStoreState])).toEqual([["READY_FOR_DISTRIBUTION", "READY_FOR_SALE"], ["PREPARE_FOR_SUBMISSION", "PREPARE_FOR_SUBMISSION"]]);
    // The live version's reviews, as linkages: those written since it came out.
    const linked: { type: string; id: string }[] = [];
    for await (const page of client.pages<{ type: string; id: string }>(`/v1/appStoreVersions/${versions.body.data[0].id}/relationships/customerReviews`)) linked.push(...page);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.length).toBeLessThan(230);
    expect(new Set(linked.map((l) => l.type))).toEqual(new Set(["customerReviews"]));
    const byStoreState = await client.request<{ data: { id: string }[] }>({ path: `/v1/apps/${apps[0].id}/appStoreVersions`, query: { "filter[appStoreState]": "READY_FOR_SALE" } });
    expect(byStoreState.body.data.map((v) => v.id)).toEqual([versions.body.data[0].id]);
    await expect(client.request({ path: `/v1/apps/${apps[0].id}/appStoreVersions`, query: { "filter[appVersionState]": "READY_FOR_SALE" } })).rejects.toMatchObject({ status: 400, parameter: "filter[appVersionState]" });
    for await (const page of client.pages(`/v1/appInfos/${infos.body.data[0].id}/appInfoLocalizations`)) expect(page).toHaveLength(3);
    for await (const page of client.pages(`/v1/appStoreVersions/${versions.body.data[1].id}/appStoreVersionLocalizations`)) expect(page).toHaveLength(3);
    const live = sim.state.versionLocs.find((l) => l.versionId === versions.body.data[0].id)!;
    const draft = sim.state.versionLocs.find((l) => l.versionId === versions.body.data[1].id)!;
    const patch = (id: string, attributes: Record<string, string>) =>
      client.request({ method: "PATCH", path: `/v1/appStoreVersionLocalizations/${id}`, body: { data: { type: "appStoreVersionLocalizations", id, attributes } } });
    await expect(patch(draft.id, { keywords: "sync,notes,widget" })).resolves.toMatchObject({ status: 200 });
    // A live version takes only promotional text.
    await expect(patch(live.id, { promotionalText: "Now with widgets" })).resolves.toMatchObject({ status: 200 });
    await expect(patch(live.id, { description: "new" })).rejects.toMatchObject({ status: 409, code: "STATE_ERROR", pointer: "/data/attributes/description" });
    await expect(patch(draft.id, { keywords: "k".repeat(101) })).rejects.toMatchObject({ status: 409, pointer: "/data/attributes/keywords" });
    // Keywords count UTF-8 bytes: 34 Japanese characters are 102 bytes.
    await expect(patch(draft.id, { keywords: "写真".repeat(17) })).rejects.toMatchObject({ status: 409, code: "ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG", pointer: "/data/attributes/keywords" });
    const added = await client.request({
      method: "POST",
      path: "/v1/appStoreVersionLocalizations",
      body: { data: { type: "appStoreVersionLocalizations", attributes: { locale: "it", description: "Ciao" }, relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: versions.body.data[1].id } } } } },
    });
    expect(added.status).toBe(201);
    const patchInfo = (id: string, attributes: Record<string, string>) =>
      client.request({ method: "PATCH", path: `/v1/appInfoLocalizations/${id}`, body: { data: { type: "appInfoLocalizations", id, attributes } } });
    const [liveInfoLoc, nextInfoLoc] = infos.body.data.map((i) => i.relationships.appInfoLocalizations.data[0]);
    await expect(patchInfo(nextInfoLoc.id, { subtitle: "Notes that sync" })).resolves.toMatchObject({ status: 200 });
    // Other limits count characters, an emoji as two (the stricter reading): 16 emoji are over a name's 30.
    await expect(patchInfo(nextInfoLoc.id, { name: "😀".repeat(16) })).rejects.toMatchObject({ status: 409, code: "ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG", pointer: "/data/attributes/name" });
    await expect(patchInfo(nextInfoLoc.id, { name: "😀".repeat(15) })).resolves.toMatchObject({ status: 200 });
    // The live app info refuses every field, one error per field.
    const refused = await patchInfo(liveInfoLoc.id, { name: "Notes", subtitle: "Notes that sync" }).catch((e: unknown) => e as { status: number; items: { code: string; source?: { pointer?: string } }[] });
    expect(refused).toMatchObject({ status: 409 });
    expect((refused as { items: { code: string; source?: { pointer?: string } }[] }).items.map((i) => [i.code, i.source?.pointer])).toEqual([
      ["ENTITY_ERROR.ATTRIBUTE.INVALID.INVALID_STATE", "/data/attributes/name"],
      ["ENTITY_ERROR.ATTRIBUTE.INVALID.INVALID_STATE", "/data/attributes/subtitle"],
    ]);
    await expect(
      client.request({ method: "POST", path: "/v1/appInfoLocalizations", body: { data: { type: "appInfoLocalizations", attributes: { locale: "it", name: "Note" }, relationships: { appInfo: { data: { type: "appInfos", id: infos.body.data[0].id } } } } } }),
    ).rejects.toMatchObject({ status: 409, pointer: "/data/relationships/appInfo" });

    // Reviews with their responses in the same page, and a single review's response.
    const withResponses = await client.request<{ data: { id: string; relationships: { response: { data?: { id: string } } } }[]; included: { id: string }[] }>({
      path: `/v1/apps/${apps[1].id}/customerReviews`,
      query: { include: "response", sort: "-createdDate", limit: 10, "fields[customerReviewResponses]": "responseBody,lastModifiedDate,state" },
    });
    const answered = withResponses.body.data.filter((r) => r.relationships.response.data);
    expect(answered).toHaveLength(2);
    expect(withResponses.body.included.map((r) => r.id).sort()).toEqual(answered.map((r) => r.relationships.response.data!.id).sort());
    await expect(client.request({ path: `/v1/customerReviews/${answered[0].id}/response` })).resolves.toMatchObject({ status: 200 });
    const unanswered = await client.request<{ data: unknown[] }>({ path: `/v1/apps/${apps[1].id}/customerReviews`, query: { "exists[publishedResponse]": false, limit: 200 } });
    expect(unanswered.body.data).toHaveLength(230 - 46);

    expect(sim.exchanges.length).toBe(30);
    const statuses = new Set(sim.exchanges.map((e) => e.status));
    expect([...statuses].sort()).toEqual([200, 201, 204, 400, 401, 404, 409]);
    const problems = sim.exchanges.flatMap((e) => [
      // The 401 and the 400 were sent wrong on purpose: the simulator refused them as Apple does.
      ...(e.status === 401 || e.status === 400 ? [] : requestProblems(e.method, e.url, e.requestBody)),
      ...responseProblems(e.method, e.url, e.status, e.responseBody),
    ]);
    expect(problems).toEqual([]);
  });

  it("catches a request or response that breaks the spec", () => {
    expect(requestProblems("GET", "http://x/v1/apps?limit=500")).toEqual([expect.stringMatching(/limit=500: .*must be <= 200/)]);
    expect(requestProblems("GET", "http://x/v1/apps?fields[apps]=nonsense")[0]).toMatch(/fields\[apps\]=nonsense/);
    expect(requestProblems("GET", "http://x/v1/apps?colour=red")[0]).toMatch(/colour is not defined/);
    expect(requestProblems("PUT", "http://x/v1/apps")[0]).toMatch(/not an operation/);
    expect(requestProblems("POST", "http://x/v1/customerReviewResponses", { data: { type: "wrong" } })[0]).toMatch(/body/);
    expect(responseProblems("GET", "http://x/v1/apps", 200, { data: [{ type: "apps" }] })[0]).toMatch(/must have required property 'id'/);
  });
});
