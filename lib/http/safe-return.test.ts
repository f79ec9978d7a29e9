import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return";

const app = "https://dash.example.com";

describe("safeReturnPath", () => {
  it("keeps paths on this site", () => {
    expect(safeReturnPath("/o/acme/audit?action=org.renamed#top", app)).toBe("/o/acme/audit?action=org.renamed#top");
    expect(safeReturnPath("/invite/abc", app)).toBe("/invite/abc");
  });
  it.each([
    ["//evil.example/x"],
    ["/\\evil.example"],
    ["/\t/evil.example"],
    ["https://evil.example/"],
    ["javascript:alert(1)"],
    [""],
    [undefined],
  ])("sends %j home", (url) => {
    expect(safeReturnPath(url, app)).toBe("/");
  });
});
