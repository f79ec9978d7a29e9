import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { invalid } from "@/lib/errors";

/**
 * Where an outbound hook (Slack, Teams, a generic webhook) may go. The address is checked
 * when it is saved and again before every send: https only (http when the operator allows
 * it), no user name or password in it, and every address the name resolves to public, so a
 * hook cannot reach this server, the private network or a cloud metadata service. An
 * operator's allow-list can name hosts, addresses or ranges that may be private. The send
 * then connects to the address checked here, never resolving the name again (a DNS answer
 * that changes between check and connect cannot move it).
 */

export type OutboundPolicy = {
  /** http:// as well as https:// (for hooks inside the operator's own network). */
  allowHttp: boolean;
  /** Host names, addresses and CIDR ranges that may resolve to, or be, non-public addresses. */
  allowHosts: readonly string[];
};

export type Destination = { url: URL; hostname: string; address: string; family: 4 | 6 };

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;
const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Words for the kinds of address ipaddr.js names, as the refusal says them. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local (this includes cloud metadata services)",
  loopback: "loopback",
  private: "private-network",
  uniqueLocal: "private-network (IPv6 unique local)",
  carrierGradeNat: "shared (carrier-grade NAT)",
  reserved: "reserved",
  benchmarking: "reserved (benchmarking)",
};

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(text)) return null;
  const a = ipaddr.parse(text);
  if (a.kind() === "ipv4") return a;
  const v6 = a as ipaddr.IPv6;
  // ::ffff:10.0.0.1 reaches 10.0.0.1: judge the IPv4 address it carries. So for the old
  // IPv4-compatible form ::10.0.0.1 (all but the last 32 bits zero; ::1 stays loopback).
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const p = v6.parts;
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1)) return new ipaddr.IPv4([p[6] >> 8, p[6] & 255, p[7] >> 8, p[7] & 255]);
  return v6;
}

function allowListed(policy: OutboundPolicy, hostname: string, address: ipaddr.IPv4 | ipaddr.IPv6) {
  return policy.allowHosts.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (!e) return false;
    if (e.includes("/")) {
      if (!ipaddr.isValidCIDR(e)) return false;
      const [range, bits] = ipaddr.parseCIDR(e);
      return range.kind() === address.kind() && address.match([range, bits] as never);
    }
    const literal = parseAddress(e);
    if (literal) return literal.kind() === address.kind() && literal.toNormalizedString() === address.toNormalizedString();
    return e === hostname;
  });
}

/** Why an address may not be reached, or null when it may. */
function refusalOf(policy: OutboundPolicy, hostname: string, addressText: string): string | null {
  const address = parseAddress(addressText);
  if (!address) return `resolves to "${addressText}", which is not an address`;
  const range = address.range();
  if (range === "unicast" || allowListed(policy, hostname, address)) return null;
  const kind = RANGE_WORDS[range] ?? "non-public";
  const via = parseAddress(hostname) ? "is" : `resolves to ${addressText}, which is`;
  return `${via} a ${kind} address. Hooks may only reach public addresses, unless the server's OUTBOUND_ALLOW_HOSTS names it`;
}

/**
 * Checks a hook's address against the policy and resolves it: the URL and the one address
 * to connect to. Refusals are "invalid" errors on `field`, in words.
 */
export async function checkDestination(raw: string, policy: OutboundPolicy, opts: { field?: string; resolve?: Resolver } = {}): Promise<Destination> {
  const refuse = (words: string) => invalid(opts.field ?? "url", `The address ${words}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("is not a URL.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowHttp)) {
    throw refuse(policy.allowHttp ? "must start with https:// or http://." : "must start with https:// (http:// only when the server's OUTBOUND_ALLOW_HTTP is set).");
  }
  if (url.username || url.password) throw refuse("must not carry a user name or password.");
  // An IPv6 literal comes bracketed in a URL.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (!hostname) throw refuse("has no host.");

  let addresses: { address: string; family: number }[];
  if (parseAddress(hostname)) {
    addresses = [{ address: hostname, family: ipaddr.parse(hostname).kind() === "ipv6" ? 6 : 4 }];
  } else {
    try {
      addresses = await (opts.resolve ?? systemResolver)(hostname);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw refuse(`names a host, ${hostname}, that does not resolve.`);
  }
  // Every address the name has must be allowed: otherwise a second DNS record could reach inside.
  for (const a of addresses) {
    const refusal = refusalOf(policy, hostname, a.address);
    if (refusal) throw refuse(`${url.host} ${refusal}.`);
  }
  const first = addresses[0];
  return { url, hostname, address: first.address, family: first.family === 6 ? 6 : 4 };
}
