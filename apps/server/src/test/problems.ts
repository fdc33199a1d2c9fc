import { expect } from "vitest";
import type { HttpResponse } from "./http-client.ts";

// What a problem must never show: SQL, driver and engine messages, stack frames, server paths.
const INTERNALS = [
  /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE)\b/,
  /SQLSTATE|syntax error|invalid input syntax|violates|relation "|column "|postgres|pglite/i,
  /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|\/work\/|\/home\/|\/etc\/|\/tmp\//,
  /root:x?:0:0/,
];

/**
 * The answer is an RFC 9457 problem with the given status and code (and, when given, an entry of `errors`
 * naming `field` with `issue`), and says nothing about the server's insides.
 */
export function expectCleanProblem(
  response: HttpResponse,
  status: number,
  code: string,
  issue?: { field: string; code: string },
) {
  const context = `${status} ${code}: ${response.text.slice(0, 400)}`;
  expect(response.status, context).toBe(status);
  expect(response.headers.get("content-type"), context).toMatch(/^application\/problem\+json/);
  expect(response.body.code, context).toBe(code);
  for (const pattern of INTERNALS) expect(response.text, context).not.toMatch(pattern);
  if (issue) expect(response.body.errors, context).toContainEqual(expect.objectContaining(issue));
}
