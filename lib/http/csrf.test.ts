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
  it("takes a file upload's own type, but never a type a cross-site form can send", () => {
    for (const type of ["application/octet-stream", "image/png", "application/zip", "video/mp4"]) {
      expect(() => assertSameOrigin(h({ origin: app, "content-type": type }), app, "file")).not.toThrow();
    }
    for (const type of ["text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]) {
      expect(() => assertSameOrigin(h({ origin: app, "content-type": type }), app, "file")).toThrow(/octet-stream/);
    }
    expect(() => assertSameOrigin(h({ origin: "https://evil.example", "content-type": "image/png" }), app, "file")).toThrow(/another site/);
  });
});
