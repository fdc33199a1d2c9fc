import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";

/*
 * The SSRF guard of outbound webhooks (ADR 0032): an automation's webhook may not reach the server's own
 * network — loopback, private, link-local (the cloud metadata service at 169.254.169.254), CGNAT, multicast and
 * reserved addresses — unless an administrator allows the host (KEDUO_WEBHOOK_ALLOW_HOSTS). The address is
 * checked where it is used: the lookup below hands the HTTP agent only addresses it has checked, so a name that
 * resolves to a public address when the automation is saved and to 127.0.0.1 when it is called (DNS rebinding)
 * is refused at connect time.
 */

interface Range {
  label: string;
  bits: number;
  prefix: bigint;
  length: number;
}

const v4 = (text: string): bigint =>
  text.split(".").reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);

/** An IPv6 address as 128 bits; `::`, a dotted IPv4 tail and a zone (`%eth0`) are understood. */
function v6(text: string): bigint {
  let address = text.split("%")[0] ?? "";
  const dotted = address.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1]) {
    const tail = v4(dotted[1]);
    const hex = (group: bigint) => group.toString(16);
    address = `${address.slice(0, -dotted[1].length)}${hex(tail >> 16n)}:${hex(tail & 0xffffn)}`;
  }
  const [head = "", rest] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const groups =
    rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group || "0", 16)), 0n);
}

const range = (label: string, bits: 32 | 128): Range => {
  const [base = "", length = ""] = label.split("/");
  return { label, bits, prefix: bits === 32 ? v4(base) : v6(base), length: Number(length) };
};

const inRange = (value: bigint, r: Range) =>
  value >> BigInt(r.bits - r.length) === r.prefix >> BigInt(r.bits - r.length);

/** IPv4 ranges no webhook may reach (RFC 6890 special-purpose blocks that lead inside or nowhere). */
const V4_REFUSED = [
  "0.0.0.0/8", // "this network": 0.0.0.0 reaches the local host
  "10.0.0.0/8",
  "100.64.0.0/10", // carrier-grade NAT
  "127.0.0.0/8",
  "169.254.0.0/16", // link-local, the cloud metadata service
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15", // benchmarking
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, broadcast
].map((label) => range(label, 32));

const V6_REFUSED = [
  "::/128",
  "::1/128",
  "fc00::/7", // unique local
  "fe80::/10", // link-local
  "fec0::/10", // site-local (deprecated, still routed by some stacks)
  "ff00::/8", // multicast
].map((label) => range(label, 128));

/**
 * IPv6 forms that carry an IPv4 address a stack may connect to instead: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), SIIT-translated, NAT64 and 6to4. Each is judged by the IPv4 address it carries.
 */
const V6_CARRYING_V4: Array<{ range: Range; v4: (value: bigint) => bigint }> = [
  { range: range("::ffff:0:0/96", 128), v4: (value) => value & 0xffffffffn },
  { range: range("::/96", 128), v4: (value) => value & 0xffffffffn },
  { range: range("::ffff:0:0:0/96", 128), v4: (value) => value & 0xffffffffn },
  { range: range("64:ff9b::/96", 128), v4: (value) => value & 0xffffffffn },
  { range: range("64:ff9b:1::/48", 128), v4: (value) => value & 0xffffffffn },
  { range: range("2002::/16", 128), v4: (value) => (value >> 80n) & 0xffffffffn },
];

/** The refused range an IP address is in ("10.0.0.0/8"), or null when a webhook may connect to it. */
export function refusedRange(address: string): string | null {
  const family = isIP(address.split("%")[0] ?? "");
  if (family === 4) return V4_REFUSED.find((r) => inRange(v4(address), r))?.label ?? null;
  if (family !== 6) return "not an IP address";
  const value = v6(address);
  const refused = V6_REFUSED.find((r) => inRange(value, r));
  if (refused) return refused.label;
  for (const carrier of V6_CARRYING_V4)
    if (inRange(value, carrier.range)) {
      const carried = carrier.v4(value);
      const inner = V4_REFUSED.find((r) => inRange(carried, r));
      if (inner) return `${inner.label} in ${carrier.range.label}`;
    }
  return null;
}

/** The host of a URL as the allow-list and the guard compare it: lower case, IPv6 without brackets. */
export const normalizeHost = (host: string) => host.toLowerCase().replace(/^\[(.*)\]$/, "$1");

/** Hosts an administrator allowed (KEDUO_WEBHOOK_ALLOW_HOSTS): names or IP literals as written in URLs. */
export type AllowedHosts = ReadonlySet<string>;

/**
 * Why a URL's host is refused before anything is resolved: an IP literal in a refused range, or a name that
 * always means this machine (RFC 6761 `localhost`). Other names are judged by their addresses at connect time
 * (they may change; saving does not depend on DNS). Null when the host may be tried, or is allowed.
 */
export function hostRefusal(host: string, allowed: AllowedHosts): string | null {
  const name = normalizeHost(host);
  if (allowed.has(name)) return null;
  if (isIP(name)) return refusedRange(name);
  if (name === "localhost" || name.endsWith(".localhost")) return "localhost";
  return null;
}

/** A connection the guard refused: never retried, it would be refused again. */
export class AddressRefusedError extends Error {
  override name = "AddressRefusedError";
  readonly permanent = true;
  constructor(host: string, address: string, refused: string) {
    super(`${host} resolves to ${address}, in ${refused}: refused (not in KEDUO_WEBHOOK_ALLOW_HOSTS)`);
  }
}

/** How names are resolved (node:dns lookup with `all`); tests pass one that answers what they need. */
export type Resolver = (
  hostname: string,
  options: { family?: number | string; all: true; hints?: number | undefined },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, family: familyOf(options.family) }, callback);

const familyOf = (family: number | string | undefined): 0 | 4 | 6 =>
  family === 4 || family === "IPv4" ? 4 : family === 6 || family === "IPv6" ? 6 : 0;

/**
 * The `lookup` of the webhook's HTTP agent: resolves the name, refuses it when any of its addresses is in a
 * refused range (a name that answers with one public and one private address is not trusted with either), and
 * hands the socket exactly the addresses it checked, so what is connected to is what was checked.
 */
export function guardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const entry of addresses) {
        const refused = refusedRange(entry.address);
        if (refused) return callback(new AddressRefusedError(hostname, entry.address, refused), []);
      }
      const [first] = addresses;
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

/** Refuses an IP literal before connecting: sockets do not look up IP addresses, so the lookup never sees it. */
export function assertLiteralAllowed(host: string): void {
  const name = normalizeHost(host);
  if (!isIP(name)) return;
  const refused = refusedRange(name);
  if (refused) throw new AddressRefusedError(name, name, refused);
}
