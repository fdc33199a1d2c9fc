// Values that have broken servers like ours: each must be refused (4xx) or stored, never a 5xx.

/** `base64url(JSON)` as the records list's keyset cursor is encoded (records/keyset.ts). */
export const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An object nested `depth` levels deep. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = {};
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

export interface HostileString {
  name: string;
  value: string;
  /** Put into a path as it is (already percent-encoded), instead of encoded. */
  raw?: boolean;
}

export const HOSTILE_STRINGS: HostileString[] = [
  { name: "100k chars", value: "x".repeat(100_000) },
  { name: "NUL", value: "a\u0000b" },
  { name: "lone surrogate", value: "a\ud800b" },
  { name: "RTL override", value: "\u202Eexe.txt" },
  { name: "emoji", value: "😀🇨🇳👨‍👩‍👧 客户" },
  { name: "path traversal", value: "..%2F..%2Fetc%2Fpasswd", raw: true },
  { name: "backslash traversal", value: "..%5C..%5Cetc%5Cpasswd", raw: true },
  { name: "dot-encoded traversal", value: "%2e%2e%2f%2e%2e%2fetc%2fpasswd", raw: true },
  { name: "encoded NUL", value: "a%00b", raw: true },
  { name: "invalid percent-encoding", value: "%E4%B8%ff", raw: true },
  { name: "SQL quote", value: "' OR '1'='1'; --" },
  { name: "markup", value: "<img src=x onerror=alert(1)>" },
  { name: "number-like", value: "1e309" },
  { name: "impossible date", value: "2026-02-30T25:61:00Z" },
  { name: "crafted cursor", value: cursorOf(["revenue", ["abc"], "id"]) },
  { name: "JSON in a string", value: '{"and":[{"$where":"1"}]}' },
];

/** A value of another JSON type than the one given. */
export function wrongTypeOf(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  if (typeof value === "number" || typeof value === "boolean") return "not a number";
  if (Array.isArray(value)) return { not: "a list" };
  if (value && typeof value === "object") return ["not", "an", "object"];
  return [[]];
}

/** Whole bodies that are not what any route expects: raw text or bytes with the content type they are sent as. */
export const HOSTILE_BODIES: Array<{ name: string; body: string | Uint8Array; contentType: string }> = [
  { name: "a list", body: "[]", contentType: "application/json" },
  { name: "a string", body: '"x"', contentType: "application/json" },
  { name: "null", body: "null", contentType: "application/json" },
  { name: "1e309", body: '{"limit":1e309,"name":1e309}', contentType: "application/json" },
  {
    name: "nested 1000 deep",
    body: `${"[".repeat(1000)}${"]".repeat(1000)}`,
    contentType: "application/json",
  },
  { name: "truncated JSON", body: '{"name":', contentType: "application/json" },
  {
    name: "invalid UTF-8",
    body: Uint8Array.from([
      0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d,
    ]),
    contentType: "application/json",
  },
  { name: "JSON as text/plain", body: '{"name":"x"}', contentType: "text/plain" },
  { name: "a form", body: "name=x&name=y", contentType: "application/x-www-form-urlencoded" },
  {
    name: "broken multipart",
    body: "--x\r\nContent-Disposition: form-data\r\n\r\n",
    contentType: "multipart/form-data; boundary=x",
  },
  { name: "unknown charset", body: '{"name":"x"}', contentType: "application/json; charset=ebcdic" },
];

/** Paths outside the API, asked without a session: traversal must end in 404/400, never a file or a 500. */
export const TRAVERSAL_PATHS = [
  "/assets/..%2F..%2Fetc%2Fpasswd",
  "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
  "/assets/..%5C..%5Cetc%5Cpasswd",
  "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "/assets/%2e%2e/%2e%2e/etc/passwd",
  "/assets/index.js%00.png",
  "/assets/%00",
  "/assets/%c0%ae%c0%ae%c0%af",
  "/assets/%ff",
  "/assets/..",
  "/assets/.%2e/package.json",
  "/%2e%2e/%2e%2e/etc/passwd",
  "/api/..%2F..%2Fetc%2Fpasswd",
  "/..%2F..%2Fetc%2Fpasswd",
];

/** What a body must never contain: database errors, stack traces, server paths, files read by traversal. */
export const INTERNALS: Record<string, RegExp> = {
  sql: /syntax error at or near|invalid input syntax for|violates (?:foreign key|unique|check|not-null) constraint|(?:relation|column) "[^"]*" does not exist|current transaction is aborted|out of range for type|unterminated quoted|\bSELECT\b[^"]{0,200}\bFROM\b|invalid byte sequence for encoding/i,
  stack: /\n\s+at [^\n]+:\d+:\d+|at (?:async )?[\w.<>]+ \((?:file:\/\/|node:|\/)/,
  path: /(?:\/work\/|\/home\/|\/root\/|node_modules\/|apps\/server\/src|\/usr\/lib\/node)/,
  "passwd file": /root:x?:0:0:/,
};
