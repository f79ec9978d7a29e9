import { describe, expect, it } from "vitest";
import { checkDestination, type OutboundPolicy } from "./destination";

const strict: OutboundPolicy = { allowHttp: false, allowHosts: [] };
/** A resolver with fixed answers, so a name can point anywhere without DNS. */
const names = (table: Record<string, string[]>) => async (host: string) => (table[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const resolve = names({
  "hooks.example.com": ["93.184.215.14"],
  "inside.example.com": ["10.20.30.40"],
  "meta.example.com": ["169.254.169.254"],
  "loop6.example.com": ["::1"],
  "split.example.com": ["93.184.215.14", "192.168.1.10"],
  "mapped.example.com": ["::ffff:127.0.0.1"],
});
const refusal = async (url: string, policy = strict) => {
  try {
    await checkDestination(url, policy, { resolve });
  } catch (e) {
    return { field: (e as { field?: string }).field, message: (e as Error).message };
  }
  return null;
};

describe("where a hook may send", () => {
  it("takes a public https address and pins the address it resolved to", async () => {
    const d = await checkDestination("https://hooks.example.com/services/T0/B0/xyz", strict, { resolve });
    expect(d).toMatchObject({ hostname: "hooks.example.com", address: "93.184.215.14", family: 4 });
    expect(d.url.pathname).toBe("/services/T0/B0/xyz");
  });

  it("refuses loopback, private, link-local (metadata) and IPv6 loopback addresses, given as such or behind a name", async () => {
    for (const [url, words] of [
      ["https://127.0.0.1/hook", "is a loopback address"],
      ["https://10.0.0.8/hook", "is a private-network address"],
      ["https://10.255.255.254:8443/hook", "is a private-network address"],
      ["https://169.254.169.254/latest/meta-data", "is a link-local (this includes cloud metadata services) address"],
      ["https://[::1]/hook", "is a loopback address"],
      ["https://[::ffff:10.0.0.1]/hook", "is a private-network address"],
      ["https://[::7f00:1]/hook", "is a loopback address"],
      ["https://[::a9fe:a9fe]/latest", "is a link-local"],
      ["https://inside.example.com/hook", "resolves to 10.20.30.40, which is a private-network address"],
      ["https://meta.example.com/", "resolves to 169.254.169.254, which is a link-local"],
      ["https://loop6.example.com/", "resolves to ::1, which is a loopback address"],
      ["https://mapped.example.com/", "which is a loopback address"],
      // One bad record among good ones is enough: the connection could land on it.
      ["https://split.example.com/", "resolves to 192.168.1.10, which is a private-network address"],
    ]) {
      const r = await refusal(url);
      expect(r, url).not.toBeNull();
      expect(r!.field).toBe("url");
      expect(r!.message, url).toContain(words);
      expect(r!.message).toContain("OUTBOUND_ALLOW_HOSTS");
    }
  });

  it("refuses other schemes, credentials in the address, names that do not resolve, and http unless allowed", async () => {
    expect((await refusal("ftp://hooks.example.com/x"))!.message).toBe("The address must start with https:// (http:// only when the server's OUTBOUND_ALLOW_HTTP is set).");
    expect((await refusal("http://hooks.example.com/x"))!.message).toContain("must start with https://");
    expect(await refusal("http://hooks.example.com/x", { allowHttp: true, allowHosts: [] })).toBeNull();
    expect((await refusal("https://user:pw@hooks.example.com/x"))!.message).toBe("The address must not carry a user name or password.");
    expect((await refusal("https://nowhere.example.com/x"))!.message).toBe("The address names a host, nowhere.example.com, that does not resolve.");
    expect((await refusal("not a url"))!.message).toBe("The address is not a URL.");
  });

  it("lets the operator's allow-list name hosts, addresses and ranges that may be private", async () => {
    expect(await refusal("https://inside.example.com/x", { allowHttp: false, allowHosts: ["inside.example.com"] })).toBeNull();
    expect(await refusal("https://10.0.0.8/x", { allowHttp: false, allowHosts: ["10.0.0.0/8"] })).toBeNull();
    expect(await refusal("https://[::1]/x", { allowHttp: false, allowHosts: ["::1"] })).toBeNull();
    // The list names what it names, nothing more.
    expect(await refusal("https://10.0.0.8/x", { allowHttp: false, allowHosts: ["10.1.0.0/16", "inside.example.com"] })).not.toBeNull();
    expect(await refusal("https://meta.example.com/", { allowHttp: false, allowHosts: ["10.0.0.0/8"] })).not.toBeNull();
  });

  it("resolves real names with the system's resolver: localhost is loopback", async () => {
    await expect(checkDestination("https://localhost:8443/hook", strict)).rejects.toThrow(/localhost:8443 resolves to (127\.0\.0\.1|::1), which is a loopback address/);
  });
});
