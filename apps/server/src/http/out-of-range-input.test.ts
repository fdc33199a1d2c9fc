import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrmFixture } from "../test/fixtures.ts";
import { expectCleanProblem } from "../test/problems.ts";
import { startTestApp, type TestApp, testEngine } from "../test/test-app.ts";

/** Well-formed input whose value PostgreSQL cannot take: a 400 naming the parameter, never a 500. */

let app: TestApp;
let customerId: string;
beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
  const created = await app.admin.post("/api/records/customer", { name: "客户" });
  customerId = created.body.id;
}, 120_000);
afterAll(() => app?.close());

describe(`out-of-range input on ${testEngine}`, () => {
  it("refuses audit cursors beyond what an entry id can be", async () => {
    for (const path of [
      "/api/audit-log?cursor=99999999999999999999999",
      `/api/records/customer/${customerId}/history?cursor=99999999999999999999999`,
    ]) {
      expectCleanProblem(await app.admin.get(path), 400, "VALIDATION_FAILED", {
        field: "querystring.cursor",
        code: "invalid_value",
      });
    }
    expect((await app.admin.get("/api/audit-log?cursor=999999999999999")).status).toBe(200);
  });

  it("refuses a numeric parameter that only parses to Infinity", async () => {
    for (const path of [
      "/api/users?limit=1e309",
      "/api/meta/schema-changes?limit=1e309",
      `/api/records/customer/${customerId}/history?limit=1e309`,
    ]) {
      expectCleanProblem(await app.admin.get(path), 400, "VALIDATION_FAILED", {
        field: "querystring.limit",
        code: "invalid_value",
      });
    }
    expect((await app.admin.get("/api/users?limit=1e2")).status).toBe(200);
  });

  it("refuses moving a department under one that does not exist", async () => {
    const created = await app.admin.post("/api/org/departments", { name: "华东" });
    expect(created.status, created.text).toBe(201);
    const moved = await app.admin.patch(`/api/org/departments/${created.body.id}`, {
      parent_id: "01a24990-0000-7000-8000-000000000000",
    });
    expectCleanProblem(moved, 400, "VALIDATION_FAILED", { field: "parent_id", code: "invalid_reference" });
    expect(
      (await app.admin.patch(`/api/org/departments/${created.body.id}`, { name: "华东区" })).status,
    ).toBe(200);
  });

  it("refuses a leap second or a year outside 0001–9999 where a date-time parameter becomes a Date", async () => {
    for (const from of ["2026-12-31T23:59:60Z", "0001-01-01T00:00:00%2B14:00"]) {
      expectCleanProblem(await app.admin.get(`/api/audit-log?from=${from}`), 400, "VALIDATION_FAILED", {
        field: "querystring.from",
        code: "invalid_value",
      });
    }
    expect((await app.admin.get("/api/audit-log?from=2026-12-31T23:59:59Z")).status).toBe(200);
  });

  it("refuses a datetime value whose instant falls in the year 0", async () => {
    const response = await app.admin.post("/api/records/customer", {
      name: "客户",
      last_contact: "0001-01-01T00:00:00+14:00",
    });
    expectCleanProblem(response, 400, "VALIDATION_FAILED", { field: "last_contact", code: "invalid_format" });
    const earliest = await app.admin.post("/api/records/customer", {
      name: "客户",
      last_contact: "0001-01-01T00:00:00Z",
    });
    expect(earliest.status, earliest.text).toBe(201);
    expect(earliest.body.last_contact).toBe("0001-01-01T00:00:00.000Z");
  });
});
