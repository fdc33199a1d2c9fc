import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../test/fixtures.ts";
import { startTestApp, type TestApp } from "../test/test-app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "supplier", "供应商", "Supplier");
  await addField(app.admin, "supplier", { api_name: "name", type: "text", required: true });
  await addField(app.admin, "supplier", { api_name: "tax_id", type: "text", unique: true });
  await addField(app.admin, "supplier", { api_name: "rating", type: "number", config: { min: 0, max: 5 } });
  await addField(app.admin, "supplier", { api_name: "since", type: "date" });
});
afterAll(() => app?.close());

const isProblem = (response: { headers: Headers; body: Record<string, unknown> }) => {
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status: expect.any(Number),
      detail: expect.any(String),
      code: expect.any(String),
    }),
  );
  expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+|SQLSTATE|select |insert |"ws_main"/i);
};

describe("problem+json for bad input, nothing stored", () => {
  it("reports wrong types and missing required fields per field, in the request's language", async () => {
    app.admin.locale = "zh-CN";
    const response = await app.admin.post("/api/records/supplier", {
      rating: "five",
      since: "2026-02-30",
      extra: 1,
    });
    app.admin.locale = "en";
    expect(response.status).toBe(400);
    isProblem(response);
    expect(response.body.title).toBe("输入有误");
    const byField = Object.fromEntries(
      response.body.errors.map((e: { field: string; code: string; message: string }) => [e.field, e]),
    );
    expect(byField.name).toMatchObject({ code: "required", message: "此项为必填项" });
    expect(byField.rating).toMatchObject({ code: "invalid_type" });
    expect(byField.since).toMatchObject({ code: "invalid_format" });
    expect(byField.extra).toMatchObject({ code: "unknown_field" });
    expect((await app.admin.get("/api/records/supplier")).body.records).toEqual([]);
  });

  it("names the field of a duplicate unique value with 409", async () => {
    expect((await app.admin.post("/api/records/supplier", { name: "A", tax_id: "91320500" })).status).toBe(
      201,
    );
    const response = await app.admin.post("/api/records/supplier", { name: "B", tax_id: "91320500" });
    expect(response.status).toBe(409);
    isProblem(response);
    expect(response.body).toMatchObject({
      code: "RECORD_UNIQUE_CONFLICT",
      errors: [{ field: "tax_id", code: "not_unique" }],
    });
    expect(response.body.detail).toContain("tax_id");
  });

  it("refuses to set system fields (mass assignment)", async () => {
    // owner_id is not one of them on create: it names the owner, with the transfer right (ADR 0024).
    const response = await app.admin.post("/api/records/supplier", {
      name: "C",
      id: "0190a000-0000-7000-8000-000000000000",
      owner_id: null,
      version: 9,
      created_at: "2020-01-01T00:00:00Z",
      updated_by: "0190a000-0000-7000-8000-000000000000",
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "created_at",
      "id",
      "updated_by",
      "version",
    ]);
  });

  it("answers 404 for unknown objects, records and routes", async () => {
    const unknownObject = await app.admin.get("/api/records/nothing");
    expect(unknownObject.status).toBe(404);
    expect(unknownObject.body.code).toBe("OBJECT_NOT_FOUND");
    const unknownRecord = await app.admin.get("/api/records/supplier/0190a000-0000-7000-8000-000000000000");
    expect(unknownRecord.body.code).toBe("RECORD_NOT_FOUND");
    const route = await app.admin.get("/api/nowhere");
    expect(route.status).toBe(404);
    isProblem(route);
    const badId = await app.admin.get("/api/records/supplier/not-a-uuid");
    expect(badId.status).toBe(400);
  });

  it("answers 413 to a body over the size limit and stores nothing", async () => {
    const response = await app.admin.post("/api/records/supplier", { name: "x".repeat(6 * 1024 * 1024) });
    expect(response.status).toBe(413);
    isProblem(response);
    expect(response.body.detail).toMatch(/\d{4,}/);
    expect((await app.admin.get("/api/records/supplier")).body.records).toHaveLength(1);
  });

  it("answers 400 to malformed JSON and 412-style If-Match garbage", async () => {
    const response = await app.admin.request("POST", "/api/records/supplier", "{bad json", {
      "content-type": "application/json",
    });
    expect(response.status).toBe(400);
    isProblem(response);
    const record = (await app.admin.get("/api/records/supplier")).body.records[0];
    const garbage = await app.admin.patch(
      `/api/records/supplier/${record.id}`,
      { name: "y" },
      { "if-match": "banana" },
    );
    expect(garbage.status).toBe(400);
  });
});
