import { describe, expect, it } from "vitest";
import { assertSameOrigin } from "./csrf";

const app = "https://dash.example.com";
const h = (o: Record<string, string>) => new Headers(o);

describe("assertSameOrigin", () => {
  it("accepts the app's own origin with a JSON body", () => {
    expect(() => assertSameOrigin(h({ origin: app, "content-type": "application/json" }), app)).not.toThrow();
  });
  it("refuses another origin", () => {
    expect(() => assertSameOrigin(h({ origin: "https://evil.example" }), app)).toThrow(/another site/);
  });
  it("refuses a cross-site request without Origin", () => {
    expect(() => assertSameOrigin(h({ "sec-fetch-site": "cross-site" }), app)).toThrow(/another site/);
  });
  it("refuses a request that gives neither header", () => {
    expect(() => assertSameOrigin(h({}), app)).toThrow(/no Origin/);
  });
  it("refuses form-encoded bodies even from the same origin", () => {
    expect(() =>
      assertSameOrigin(h({ origin: app, "content-type": "application/x-www-form-urlencoded" }), app),
    ).toThrow(/application\/json/);
  });
});
