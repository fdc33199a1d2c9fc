// One rep (the attacker) calls every operation of openapi.json with another rep's ids (the victim's) in every
// path parameter and id-holding body property. No answer may carry the victim's values, the hidden field's
// canary or file content; no answer may differ between "exists but not yours" and "does not exist"; the
// victim's data is unchanged afterwards. The walk reads the document, so a new route is probed automatically.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpResponse } from "../../test/http-client.ts";
import { type ApiOperation, fetchOperations } from "../../test/openapi-walk.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { ACCEPTED, KNOWN_OPEN } from "./known-open.ts";
import { answerOf, type Finding, readableText, summarise, testFindings } from "./probe-findings.ts";
import { type ProbeRequest, planProbe } from "./probe-plan.ts";
import { buildVictimWorld, type VictimWorld } from "./victim-world.ts";

let app: TestApp;
let world: VictimWorld;
let operations: ApiOperation[] = [];
const findings: Finding[] = [];
let sent = 0;

const isOpen = (operation: ApiOperation) => ["public", "authenticated"].includes(operation.access);

async function send(request: { method: string; path: string; body?: unknown }): Promise<HttpResponse> {
  sent++;
  return world.attacker.request(request.method, request.path, request.body);
}

async function inspect(operation: ApiOperation, request: ProbeRequest, response: HttpResponse) {
  const detail = `${request.method} ${request.path} (${request.label}) → ${response.status}`;
  if (response.status >= 500) findings.push({ operation: operation.key, kind: "5xx", detail });
  const text = await readableText(response);
  for (const [name, canary] of Object.entries(world.canaries)) {
    if (text.includes(canary)) findings.push({ operation: operation.key, kind: `leak:${name}`, detail });
  }
}

async function probe(operation: ApiOperation) {
  const planned = planProbe(world, operation, operations);
  // A route the rep's role may not call answers 403 whatever it is given: once is enough.
  for (const request of isOpen(operation) ? planned : planned.slice(0, 1)) {
    const response = await send(request);
    await inspect(operation, request, response);
    if (!isOpen(operation) && (response.status !== 403 || response.body?.code !== "FORBIDDEN")) {
      findings.push({
        operation: operation.key,
        kind: "not-forbidden",
        detail: `${request.method} ${request.path} → ${response.status}`,
      });
    }
    if (!request.twin) continue;
    const twin = await send({ method: request.method, ...request.twin });
    await inspect(operation, { ...request, ...request.twin, label: `${request.label}, made-up twin` }, twin);
    if (answerOf(response) !== answerOf(twin)) {
      findings.push({
        operation: operation.key,
        kind: "oracle",
        detail: `${request.method} ${request.path} (${request.label}): ${answerOf(response)} but made-up → ${answerOf(twin)}`,
      });
    }
  }
  // An operation that ends the session (logout) must not end the walk.
  if ((await world.attacker.get("/api/auth/me")).status === 401) await world.relogin();
}

let before: Record<string, unknown>;
let seconds = 0;
beforeAll(async () => {
  app = await startTestApp();
  world = await buildVictimWorld(app);
  before = await world.snapshot();
  const started = performance.now();
  operations = await fetchOperations(world.attacker);
  // Writes first, then reads, deletes last: a read must get the chance to serve what a write let through
  // (e.g. a victim's file attached to the attacker's record, then downloaded).
  const phase = (operation: ApiOperation) =>
    ["POST", "PUT", "PATCH", "GET", "DELETE"].indexOf(operation.method);
  for (const operation of operations.toSorted((a, b) => phase(a) - phase(b))) await probe(operation);
  const after = await world.snapshot();
  for (const [name, value] of Object.entries(before)) {
    if (JSON.stringify(after[name]) !== JSON.stringify(value)) {
      findings.push({
        operation: "(after the walk)",
        kind: `changed:${name}`,
        detail: JSON.stringify(after[name]),
      });
    }
  }
  seconds = (performance.now() - started) / 1000;
  console.log(
    `cross-user probe on ${testEngine}: ${operations.length} operations walked, ${sent} requests sent in ${seconds.toFixed(1)} s, ${findings.length} findings`,
  );
  for (const line of summarise(findings)) console.log(`  ${line}`);
}, 600_000);
afterAll(() => app?.close());

describe(`cross-user probe of every operation in openapi.json on ${testEngine}`, () => {
  it("walks every operation the document lists, the records routes of both objects included", () => {
    expect(operations.length).toBeGreaterThan(80);
    const keys = operations.map((operation) => operation.key);
    expect(keys).toEqual(
      expect.arrayContaining(["GET /api/records/{object}/{id}", "PATCH /api/records/deal/{id}"]),
    );
    expect(sent).toBeGreaterThan(operations.length * 5);
  });

  testFindings(
    "probe",
    {
      "leak:": "no answer carries the victim's values, the hidden canary or file content",
      oracle: "no answer tells the victim's ids from made-up ones",
      "not-forbidden": "every permission-guarded operation answers 403 to the rep",
      "5xx": "no request is answered with a 5xx",
      "changed:": "the victim's records, files, shares, view, import and token are unchanged",
    },
    [...KNOWN_OPEN, ...ACCEPTED],
    () => findings,
  );
});
