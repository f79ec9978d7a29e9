import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  const doc = openApiDocument("https://dash.example.com");
  it("describes every /api/v1 route with the request schemas the routes use", () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/apps",
      "/connections",
      "/connections/{connectionId}",
      "/connections/{connectionId}/sync",
      "/connections/{connectionId}/sync-runs",
      "/connections/{connectionId}/test",
      "/connections/{connectionId}/token",
    ]);
    const create = doc.paths["/connections"].post.requestBody.content["application/json"].schema as { required: string[]; properties: Record<string, { pattern?: string; maxLength?: number }> };
    expect(create.required.sort()).toEqual(["issuerId", "keyId", "name", "privateKey"]);
    const mint = doc.paths["/connections/{connectionId}/token"].post.requestBody.content["application/json"].schema as { properties: Record<string, { maximum?: number }> };
    expect(mint.properties.expiresInSeconds.maximum).toBe(1200);
    const sync = doc.paths["/connections/{connectionId}/sync"].post.requestBody.content["application/json"].schema as unknown as { required: string[]; properties: { kind: { enum: string[] } } };
    expect(sync.required).toEqual(["kind"]);
    expect(sync.properties.kind.enum).toEqual(["FULL", "METADATA", "REVIEWS", "REVIEWS_DEEP", "SALES"]);
    expect(doc.servers[0].url).toBe("https://dash.example.com/api/v1");
  });
});
