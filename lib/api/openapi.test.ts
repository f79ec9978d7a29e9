import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  const doc = openApiDocument("https://dash.example.com");
  it("describes every /api/v1 route with the request schemas the routes use", () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/apps",
      "/apps/{appId}/drafts",
      "/apps/{appId}/history",
      "/apps/{appId}/localizations",
      "/apps/{appId}/push",
      "/connections",
      "/connections/{connectionId}",
      "/connections/{connectionId}/sync",
      "/connections/{connectionId}/sync-runs",
      "/connections/{connectionId}/test",
      "/connections/{connectionId}/token",
      "/me",
      "/reviews",
      "/reviews/counts",
      "/reviews/{reviewId}/assignee",
      "/reviews/{reviewId}/response",
      "/sales",
    ]);
    const create = doc.paths["/connections"].post.requestBody.content["application/json"].schema as { required: string[]; properties: Record<string, { pattern?: string; maxLength?: number }> };
    // Which of keyId, issuerId, privateKey and fastlaneApiKey are needed depends on keyKind and on fastlaneApiKey.
    expect(create.required).toEqual(["name"]);
    expect(Object.keys(create.properties).sort()).toEqual(["fastlaneApiKey", "fileName", "issuerId", "keyId", "keyKind", "name", "privateKey"]);
    const listed = doc.paths["/connections"].get.responses[200].content["application/json"].schema as unknown as { properties: { connections: { items: { properties: Record<string, { enum?: string[]; nullable?: boolean }> } } } };
    expect(listed.properties.connections.items.properties.keyKind.enum).toEqual(["TEAM", "INDIVIDUAL"]);
    expect(listed.properties.connections.items.properties.issuerId.nullable).toBe(true);
    const mint = doc.paths["/connections/{connectionId}/token"].post.requestBody.content["application/json"].schema as { properties: Record<string, { maximum?: number }> };
    expect(mint.properties.expiresInSeconds.maximum).toBe(1200);
    const sync = doc.paths["/connections/{connectionId}/sync"].post.requestBody.content["application/json"].schema as unknown as { required: string[]; properties: { kind: { enum: string[] } } };
    expect(sync.required).toEqual(["kind"]);
    expect(sync.properties.kind.enum).toEqual(["FULL", "METADATA", "REVIEWS", "REVIEWS_DEEP", "SALES"]);
    expect(doc.servers[0].url).toBe("https://dash.example.com/api/v1");
  });

  it("describes the reviews routes with the inbox's filters and the reply schema", () => {
    const list = doc.paths["/reviews"].get;
    expect(list.parameters.map((p) => p.name)).toEqual(["app", "connection", "rating", "territory", "replied", "assigned", "from", "to", "q", "limit", "cursor"]);
    const reply = doc.paths["/reviews/{reviewId}/response"].post.requestBody.content["application/json"].schema as { required: string[] };
    expect(reply.required).toEqual(["body"]);
    expect(Object.keys(doc.paths["/reviews/{reviewId}/response"]).sort()).toEqual(["delete", "post", "put"]);
  });

  it("describes the metadata routes with the draft and push schemas and every field of the grid", () => {
    const drafts = doc.paths["/apps/{appId}/drafts"].put.requestBody.content["application/json"].schema as unknown as {
      required: string[];
      properties: { edits: { minItems: number; maxItems: number; items: { required: string[]; properties: { field: { enum: string[] } } } } };
    };
    expect(drafts.required).toEqual(["edits"]);
    expect(drafts.properties.edits).toMatchObject({ minItems: 1, maxItems: 500 });
    expect(drafts.properties.edits.items.required.sort()).toEqual(["field", "localizationId", "value"]);
    expect(drafts.properties.edits.items.properties.field.enum).toEqual(["name", "subtitle", "privacyPolicyUrl", "keywords", "promotionalText", "description", "whatsNew", "marketingUrl", "supportUrl"]);
    const push = doc.paths["/apps/{appId}/push"].post;
    expect((push.requestBody.content["application/json"].schema as { properties: Record<string, unknown> }).properties).toHaveProperty("draftIds");
    expect(Object.keys(push.responses).sort()).toEqual(["200", "401", "403", "404", "409", "422", "429", "503"]);
    const report = push.responses[200].content["application/json"].schema as { required: string[] };
    expect(report.required.sort()).toEqual(["conflicts", "failed", "pushed"]);
    const grid = doc.paths["/apps/{appId}/localizations"].get;
    expect(grid.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:appId", "query:versionId"]);
    const cells = (grid.responses[200].content["application/json"].schema as unknown as { properties: { rows: { items: { properties: { cells: { properties: Record<string, unknown> } } } } } }).properties.rows.items.properties.cells;
    expect(Object.keys(cells.properties)).toHaveLength(9);
    expect(doc.paths["/apps/{appId}/history"].get.responses).toHaveProperty("200");
  });
});
