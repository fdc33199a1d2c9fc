// Every operation of openapi.json called with values generated from its own schemas (fixed seed) and with hostile
// ones: no request may be answered with a 5xx, and no answer may carry SQL text, a stack trace, a server path or a
// file read through traversal. Public routes are called without a session, all others as the admin (who passes
// every permission check, so the input reaches the deepest code).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrmFixture, label } from "../../test/fixtures.ts";
import type { HttpClient, HttpResponse } from "../../test/http-client.ts";
import { type ApiOperation, fetchOperations } from "../../test/openapi-walk.ts";
import { startTestApp, TEST_ADMIN, type TestApp, testEngine } from "../../test/test-app.ts";
import { type FuzzRequest, planFuzz } from "./fuzz-plan.ts";
import { INTERNALS, TRAVERSAL_PATHS } from "./hostile-values.ts";
import { ACCEPTED, KNOWN_OPEN } from "./known-open.ts";
import { type Finding, summarise, testFindings } from "./probe-findings.ts";

let app: TestApp;
let operations: ApiOperation[] = [];
const findings: Finding[] = [];
let sent = 0;
const ids: Record<string, string> = {};

async function created(response: Promise<HttpResponse>): Promise<string> {
  const answered = await response;
  expect(answered.status, answered.text).toBeLessThan(300);
  return answered.body.id ?? answered.body.user?.id;
}

/** Something of every kind for the path parameters to name, created by the admin. */
async function createTargets(admin: HttpClient) {
  await createCrmFixture(admin);
  ids.record = await created(admin.post("/api/records/customer", { name: "fuzz target" }));
  ids.user = await created(
    admin.post("/api/users", { email: "fuzz@keduo.test", name: "F", password: "password-123" }),
  );
  ids.view = await created(admin.post("/api/views/customer", { name: "fuzz view" }));
  ids.token = await created(admin.post("/api/auth/tokens", { name: "fuzz token" }));
  ids.department = await created(admin.post("/api/org/departments", { name: "fuzz dept" }));
  ids.share = await created(
    admin.post(`/api/records/customer/${ids.record}/shares`, {
      grantee_kind: "user",
      grantee_id: ids.user,
      access: "read",
    }),
  );
  ids.sharingRule = await created(
    admin.post("/api/meta/objects/customer/sharing-rules", {
      name: "fuzz rule",
      filter: { name: { eq: "x" } },
      grantee_kind: "department",
      grantee_id: ids.department,
      access: "read",
    }),
  );
  await created(admin.post("/api/meta/roles", { api_name: "fuzz_role", labels: label("模糊", "Fuzz") }));
  await created(
    admin.post("/api/meta/objects/customer/validation-rules", {
      api_name: "fuzz_rule",
      condition: "employees < 0",
      message: label("不可为负", "Not negative"),
    }),
  );
  const bytes = new TextEncoder().encode("name\nfuzz\n");
  ids.file = await created(admin.request("POST", "/api/files", bytes, { "content-type": "text/plain" }));
  const me = (await admin.get("/api/auth/me")).body.user.id;
  await app.server.notifications.notify(app.database.db, {
    recipients: [me],
    title: label("模糊", "Fuzz"),
    body: label("模糊", "Fuzz"),
  });
  ids.notification = (await admin.get("/api/notifications")).body.notifications[0].id;
  ids.import = await created(
    admin.request("POST", "/api/imports?object=customer", bytes, {
      "content-type": "text/csv",
      "x-file-name": "f.csv",
    }),
  );
}

function pathValue(operation: ApiOperation, name: string): string {
  const named: Record<string, string> = {
    object: "customer",
    field: "notes",
    role: "fuzz_role",
    rule: "fuzz_rule",
    share: ids.share!,
    file: "index.js",
    date: "2026-10-01",
  };
  if (named[name]) return named[name];
  const byPrefix: Record<string, string | undefined> = {
    records: ids.record,
    users: ids.user,
    views: ids.view,
    auth: ids.token,
    org: ids.department,
    meta: ids.sharingRule,
    files: ids.file,
    imports: ids.import,
    notifications: ids.notification,
  };
  return byPrefix[operation.path.split("/")[2] ?? ""] ?? randomUUID();
}

/**
 * Two refusals of the harness, not crashes: it shares one in-memory PGlite between test files (test-app.ts),
 * which has no data directory to back up, so a backup is refused with 503 whatever the input; and it serves
 * no built web app, so the single-page fallback answers its 503 "not built" page (fetch resolves
 * `/assets/%2e%2e/%2e%2e/etc/passwd` to `/etc/passwd` before sending: a page of the app, not a file).
 */
const harnessRefusal = (operation: string, response: HttpResponse) =>
  (testEngine === "pglite" &&
    operation === "POST /api/admin/backup" &&
    response.body?.code === "BACKUP_FAILED") ||
  (response.status === 503 && response.text.includes("npm run build:web"));

function inspect(
  operation: string,
  request: { method: string; path: string; label: string },
  response: HttpResponse,
) {
  const code = typeof response.body === "object" && response.body ? ` ${response.body.code ?? ""}` : "";
  const detail = `${request.method} ${request.path.slice(0, 160)} (${request.label}) → ${response.status}${code}`;
  if (response.status >= 500 && !harnessRefusal(operation, response)) {
    findings.push({
      operation,
      kind: "5xx",
      detail: `${detail}: ${String(response.body?.detail).slice(0, 120)}`,
    });
  }
  // A download serves what was uploaded; an export or a report is a spreadsheet: neither is an error message.
  if (response.headers.get("content-disposition")?.startsWith("attachment")) return;
  for (const [name, pattern] of Object.entries(INTERNALS)) {
    if (pattern.test(response.text)) findings.push({ operation, kind: `internals:${name}`, detail });
  }
}

async function send(client: HttpClient, operation: ApiOperation, request: FuzzRequest) {
  sent++;
  const headers: Record<string, string> = request.contentType ? { "content-type": request.contentType } : {};
  const response = await client.request(request.method, request.path, request.body, headers);
  inspect(operation.key, request, response);
}

// Destructive operations last, the object itself very last, so that earlier ones find their targets in place.
const order = (operation: ApiOperation) =>
  (operation.method === "DELETE" ? 1000 - operation.path.length : 0) +
  (operation.key === "POST /api/auth/logout" ? 2000 : 0);

let seconds = 0;
beforeAll(async () => {
  app = await startTestApp();
  await createTargets(app.admin);
  const started = performance.now();
  operations = await fetchOperations(app.admin);
  const targets = { pathValue, operations };
  for (const operation of operations.toSorted((a, b) => order(a) - order(b))) {
    const client = operation.access === "public" ? app.anonymous : app.admin;
    for (const request of planFuzz(operation, targets)) await send(client, operation, request);
    // Should an operation end the admin's session (logout runs last), the walk goes on signed in.
    if (client === app.admin && (await app.admin.get("/api/auth/me")).status === 401) {
      await app.admin.login(TEST_ADMIN.email, TEST_ADMIN.password);
    }
  }
  const assets = operations.find((operation) => operation.path.startsWith("/assets/"));
  for (const path of TRAVERSAL_PATHS) {
    sent++;
    const response = await app.anonymous.get(path);
    inspect(
      assets?.key ?? "GET /assets/{file}",
      { method: "GET", path, label: "traversal, no session" },
      response,
    );
    // The single-page fallback answers the app's page for any path outside /assets/ and /api/ (fetch resolves
    // `%2e%2e` segments before sending): that page is no file read by traversal.
    const appPage = /<title>[^<]*Keduo<\/title>/.test(response.text);
    if ((response.status < 400 && !appPage) || response.text.includes("root:")) {
      findings.push({
        operation: assets?.key ?? "GET /assets/{file}",
        kind: "served",
        detail: `${path} → ${response.status}`,
      });
    }
  }
  seconds = (performance.now() - started) / 1000;
  console.log(
    `schema fuzz on ${testEngine}: ${operations.length} operations walked, ${sent} requests sent in ${seconds.toFixed(1)} s, ${findings.length} findings`,
  );
  for (const line of summarise(findings)) console.log(`  ${line}`);
}, 600_000);
afterAll(() => app?.close());

describe(`schema fuzz of every operation in openapi.json on ${testEngine}`, () => {
  it("walks every operation with generated and hostile values", () => {
    expect(operations.length).toBeGreaterThan(80);
    expect(sent).toBeGreaterThan(operations.length * 10);
  });

  testFindings(
    "fuzz",
    {
      "5xx": "no request is answered with a 5xx",
      "internals:": "no answer carries SQL text, a stack trace, a server path or a traversed file",
      served: "no traversal outside the web app's files is served",
    },
    [...KNOWN_OPEN, ...ACCEPTED],
    () => findings,
  );
});
