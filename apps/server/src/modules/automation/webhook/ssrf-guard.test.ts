import type { LookupAddress } from "node:dns";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postOnce } from "./http-post.ts";
import {
  AddressRefusedError,
  assertLiteralAllowed,
  guardedLookup,
  hostRefusal,
  type Resolver,
  refusedRange,
} from "./ssrf-guard.ts";

/** A resolver that answers from a table (and counts its questions), as a DNS server under test would. */
function resolverOf(answers: (name: string, call: number) => string[]): Resolver & { calls: number } {
  const resolver = Object.assign(
    ((name, _options, callback) => {
      resolver.calls++;
      const addresses: LookupAddress[] = answers(name, resolver.calls).map((address) => ({
        address,
        family: address.includes(":") ? 6 : 4,
      }));
      setImmediate(() => callback(null, addresses));
    }) as Resolver,
    { calls: 0 },
  );
  return resolver;
}

let receiver: Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    hits++;
    request.resume();
    response.end("ok");
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

describe("the webhook SSRF guard", () => {
  it("refuses loopback, private, link-local, CGNAT, multicast and reserved addresses in every IP form", () => {
    const refused: Record<string, string> = {
      "127.0.0.1": "127.0.0.0/8",
      "10.1.2.3": "10.0.0.0/8",
      "172.16.0.1": "172.16.0.0/12",
      "172.31.255.255": "172.16.0.0/12",
      "192.168.1.10": "192.168.0.0/16",
      "169.254.169.254": "169.254.0.0/16",
      "100.64.0.1": "100.64.0.0/10",
      "0.0.0.0": "0.0.0.0/8",
      "224.0.0.251": "224.0.0.0/4",
      "255.255.255.255": "240.0.0.0/4",
      "::1": "::1/128",
      "::": "::/128",
      "fd12:3456::1": "fc00::/7",
      "fe80::1%eth0": "fe80::/10",
      "::ffff:127.0.0.1": "127.0.0.0/8 in ::ffff:0:0/96",
      "::ffff:a9fe:a9fe": "169.254.0.0/16 in ::ffff:0:0/96",
      "64:ff9b::a00:1": "10.0.0.0/8 in 64:ff9b::/96",
      "2002:c0a8:101::1": "192.168.0.0/16 in 2002::/16",
    };
    for (const [address, range] of Object.entries(refused))
      expect(refusedRange(address), address).toBe(range);
    for (const address of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
      expect(refusedRange(address), address).toBeNull();
  });

  it("judges a URL's host as the URL parser spells it, and lets an allowed host through", () => {
    const host = (url: string) => new URL(url).hostname;
    expect(hostRefusal(host("http://169.254.169.254/latest/meta-data/"), new Set())).toBe("169.254.0.0/16");
    // Other spellings of 127.0.0.1 and of an IPv4-mapped private address.
    expect(hostRefusal(host("http://0x7f000001/"), new Set())).toBe("127.0.0.0/8");
    expect(hostRefusal(host("http://2130706433/"), new Set())).toBe("127.0.0.0/8");
    expect(hostRefusal(host("http://[::ffff:10.0.0.1]/"), new Set())).toBe("10.0.0.0/8 in ::ffff:0:0/96");
    expect(hostRefusal("localhost", new Set())).toBe("localhost");
    expect(hostRefusal("api.LOCALHOST", new Set())).toBe("localhost");
    // A name is judged by its addresses when the delivery connects.
    expect(hostRefusal("hooks.example.com", new Set())).toBeNull();
    expect(hostRefusal("127.0.0.1", new Set(["127.0.0.1"]))).toBeNull();
    expect(hostRefusal("[::1]", new Set(["::1"]))).toBeNull();
    expect(() => assertLiteralAllowed("[::1]")).toThrow(AddressRefusedError);
    expect(() => assertLiteralAllowed("hooks.example.com")).not.toThrow();
  });

  it("hands the socket only addresses it checked, refusing a name with any inside address", async () => {
    const lookup = guardedLookup(
      resolverOf((name) =>
        name === "public.test"
          ? ["93.184.216.34"]
          : name === "mixed.test"
            ? ["93.184.216.34", "10.0.0.5"]
            : [],
      ),
    );
    const ask = (name: string, all: boolean) =>
      new Promise<{ error: Error | null; address: unknown }>((resolve) =>
        lookup(name, { all }, (error, address) => resolve({ error, address })),
      );
    expect(await ask("public.test", false)).toEqual({ error: null, address: "93.184.216.34" });
    expect(await ask("public.test", true)).toEqual({
      error: null,
      address: [{ address: "93.184.216.34", family: 4 }],
    });
    const mixed = await ask("mixed.test", true);
    expect(mixed.error).toBeInstanceOf(AddressRefusedError);
    expect(mixed.error?.message).toMatch(/mixed\.test resolves to 10\.0\.0\.5, in 10\.0\.0\.0\/8/);
    expect((await ask("nothing.test", false)).error?.message).toMatch(/no address/);
  });

  it("refuses at connect time a name that resolves to 127.0.0.1, even after it resolved to a public address", async () => {
    // DNS rebinding: the first answer is public (what a check ahead of time would see), the next is loopback.
    const rebinding = resolverOf((_name, call) => (call === 1 ? ["93.184.216.34"] : ["127.0.0.1"]));
    const lookup = guardedLookup(rebinding);
    await new Promise<void>((resolve) => lookup("hooks.example.test", {}, () => resolve()));
    const before = hits;
    const attempt = postOnce({
      url: new URL(`http://hooks.example.test:${port}/hook`),
      headers: { "content-type": "application/json" },
      body: "{}",
      lookup,
    });
    await expect(attempt).rejects.toThrow(AddressRefusedError);
    await expect(attempt).rejects.toThrow(
      /hooks\.example\.test resolves to 127\.0\.0\.1, in 127\.0\.0\.0\/8/,
    );
    expect(rebinding.calls).toBe(2);
    expect(hits).toBe(before);

    // The same receiver, reached through a lookup that is not guarded (an allowed host), answers.
    const allowed = await postOnce({
      url: new URL(`http://hooks.example.test:${port}/hook`),
      headers: {},
      body: "{}",
      lookup: (_name, options, callback) =>
        options.all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4),
    });
    expect(allowed).toBe(200);
    expect(hits).toBe(before + 1);
  });
});
