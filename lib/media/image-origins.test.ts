import { describe, expect, it } from "vitest";
import { onImageHost } from "./image-origins";

describe("Apple's image host", () => {
  const origins = ["https://*.mzstatic.com", "http://127.0.0.1:4010"];
  it("takes any subdomain of a wildcard origin over its scheme, and an exact origin", () => {
    expect(onImageHost("https://is1-ssl.mzstatic.com/image/thumb/Purple/a.png/1290x2796bb.png", origins)).toBe(true);
    expect(onImageHost("http://127.0.0.1:4010/image/thumb/x/1x1bb.png", origins)).toBe(true);
  });
  it("refuses another host, scheme or port, and a name that only ends like Apple's", () => {
    for (const address of [
      "http://is1-ssl.mzstatic.com/a.png",
      "https://mzstatic.com.evil.example/a.png",
      "https://evilmzstatic.com/a.png",
      "https://is1-ssl.mzstatic.com:8443/a.png",
      "http://127.0.0.1:4011/a.png",
      "http://169.254.169.254/latest/meta-data",
      "not a url",
    ]) expect(onImageHost(address, origins), address).toBe(false);
  });
});
