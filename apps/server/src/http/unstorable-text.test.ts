import { toStorableText } from "@keduo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrmFixture, label } from "../test/fixtures.ts";
import type { HttpResponse } from "../test/http-client.ts";
import { expectCleanProblem } from "../test/problems.ts";
import { startTestApp, type TestApp, testEngine } from "../test/test-app.ts";

/**
 * PostgreSQL text cannot hold U+0000, and a lone surrogate has no UTF-8 form: every text path refuses them
 * with a 400 that names the field (`invalid_characters`), instead of a 500 or a value silently altered.
 */

let app: TestApp;
let customerId: string;

beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
  const created = await app.admin.post("/api/records/customer", { name: "华东客户" });
  expect(created.status, created.text).toBe(201);
  customerId = created.body.id;
}, 120_000);
afterAll(() => app?.close());

const BAD_TEXTS = { nul: "a\u0000b", high: "a\ud800b", low: "\udfff" };
let serial = 0;
const unique = () => `n${++serial}`;
const filterQuery = (filter: unknown) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** Each request carries the bad text `s` in one place; `field` is where the problem must point. */
const CASES: Array<{
  name: string;
  send: (s: string) => Promise<HttpResponse>;
  code?: string;
  field: string | ((s: string) => string);
}> = [
  ...["name", "notes", "profile", "email", "phone", "website", "tier"].map((field) => ({
    name: `record ${field}`,
    send: (s: string) => app.admin.post("/api/records/customer", { name: "ok", [field]: s }),
    field,
  })),
  {
    name: "record multi-select value",
    send: (s) => app.admin.post("/api/records/customer", { name: "ok", industries: ["auto", s] }),
    field: "industries.1",
  },
  {
    name: "record address detail",
    send: (s) =>
      app.admin.post("/api/records/customer", { name: "ok", address: { province: "110000", detail: s } }),
    field: "address.detail",
  },
  {
    name: "record key",
    send: (s) => app.admin.post("/api/records/customer", { name: "ok", [`x${s}`]: 1 }),
    // A key is named in its storable form (NUL dropped, a lone surrogate as U+FFFD).
    field: (s) => `x${toStorableText(s)}`,
  },
  {
    name: "single PATCH",
    send: (s) => app.admin.patch(`/api/records/customer/${customerId}`, { name: s }),
    field: "name",
  },
  {
    name: "bulk create",
    send: (s) => app.admin.post("/api/records/customer/bulk", { records: [{ name: "ok" }, { name: s }] }),
    field: "records.1.name",
  },
  {
    name: "bulk update",
    send: (s) => app.admin.patch("/api/records/customer/bulk", { records: [{ id: customerId, notes: s }] }),
    field: "records.0.notes",
  },
  {
    name: "nested create",
    send: (s) => app.admin.post("/api/records/customer/nested", { record: { name: s }, children: {} }),
    field: "record.name",
  },
  {
    name: "?filter= eq",
    send: (s) => app.admin.get(`/api/records/customer?${filterQuery({ name: { eq: s } })}`),
    code: "INVALID_FILTER",
    field: "filter.name.eq",
  },
  {
    name: "?filter= contains on long text",
    send: (s) => app.admin.get(`/api/records/customer?${filterQuery({ notes: { contains: s } })}`),
    code: "INVALID_FILTER",
    field: "filter.notes.contains",
  },
  {
    name: "?filter= in, nested under or",
    send: (s) => app.admin.get(`/api/records/customer?${filterQuery({ or: [{ tier: { in: ["a", s] } }] })}`),
    code: "INVALID_FILTER",
    field: "filter.or.0.tier.in.1",
  },
  {
    name: "query body filter",
    send: (s) => app.admin.post("/api/records/customer/query", { filter: { name: { starts_with: s } } }),
    field: "filter.name.starts_with",
  },
  {
    name: "query string parameter",
    // A query string cannot carry a lone surrogate (its percent-encoded bytes are not UTF-8 and stay as
    // written), so this case sends NUL for every variant.
    send: () => app.admin.get("/api/records/customer?fields=a%00b"),
    field: "querystring.fields",
  },
  {
    name: "view name",
    send: (s) => app.admin.post("/api/views/customer", { name: s }),
    field: "name",
  },
  {
    name: "view search",
    send: (s) => app.admin.post("/api/views/customer", { name: "v", search: s }),
    field: "search",
  },
  {
    name: "view filter",
    send: (s) => app.admin.post("/api/views/customer", { name: "v", filter: { name: { eq: s } } }),
    field: "filter.name.eq",
  },
  {
    name: "user email",
    send: (s) =>
      app.admin.post("/api/users", {
        email: `${unique()}${s}@keduo.test`,
        name: "n",
        password: "password-123",
      }),
    field: "email",
  },
  {
    name: "user name",
    send: (s) =>
      app.admin.post("/api/users", { email: `${unique()}@keduo.test`, name: s, password: "password-123" }),
    field: "name",
  },
  {
    name: "login email (signed out)",
    send: (s) => app.anonymous.post("/api/auth/login", { email: s, password: "password-123" }),
    field: "email",
  },
  {
    name: "own profile name",
    send: (s) => app.admin.patch("/api/auth/me", { name: s }),
    field: "name",
  },
  {
    name: "API token name",
    send: (s) => app.admin.post("/api/auth/tokens", { name: s }),
    field: "name",
  },
  {
    name: "object label",
    send: (s) => app.admin.post("/api/meta/objects", { api_name: unique(), labels: label(s, "e") }),
    field: "labels.zh-CN",
  },
  {
    name: "field label",
    send: (s) =>
      app.admin.post("/api/meta/objects/customer/fields", {
        api_name: unique(),
        type: "text",
        labels: label("字段", s),
      }),
    field: "labels.en",
  },
  {
    name: "field help text",
    send: (s) =>
      app.admin.post("/api/meta/objects/customer/fields", {
        api_name: unique(),
        type: "text",
        labels: label("字段", "Field"),
        help_text: label(s, "help"),
      }),
    field: "help_text.zh-CN",
  },
  {
    name: "option label",
    send: (s) =>
      app.admin.post("/api/meta/objects/customer/fields", {
        api_name: unique(),
        type: "single_select",
        labels: label("字段", "Field"),
        config: { options: [{ value: "a", labels: label(s, "A") }] },
      }),
    field: "config.options.0.labels.zh-CN",
  },
  {
    name: "role label",
    send: (s) => app.admin.post("/api/meta/roles", { api_name: unique(), labels: label(s, "Role") }),
    field: "labels.zh-CN",
  },
  {
    name: "department name",
    send: (s) => app.admin.post("/api/org/departments", { name: s }),
    field: "name",
  },
  {
    name: "validation rule message",
    send: (s) =>
      app.admin.post("/api/meta/objects/customer/validation-rules", {
        api_name: unique(),
        condition: "employees < 0",
        message: label(s, "m"),
      }),
    field: "message.zh-CN",
  },
  {
    name: "formula expression",
    send: (s) => app.admin.post("/api/meta/formula/check", { object: "customer", expression: `"${s}"` }),
    field: "expression",
  },
];

describe(`text PostgreSQL cannot store, on ${testEngine}`, () => {
  for (const [kind, text] of Object.entries(BAD_TEXTS)) {
    it(`refuses ${kind} in every text path with a field-level 400`, async () => {
      for (const { name, send, code, field } of CASES) {
        const response = await send(text);
        expect(response.status, `${name}: ${response.text}`).toBe(400);
        expectCleanProblem(response, 400, code ?? "VALIDATION_FAILED", {
          field: typeof field === "string" ? field : field(text),
          code: "invalid_characters",
        });
      }
    });
  }

  it("names the problem in the request's language", async () => {
    app.admin.locale = "zh-CN";
    const response = await app.admin.post("/api/records/customer", { name: "a\u0000" });
    app.admin.locale = "en";
    expect(response.body.errors).toEqual([
      { field: "name", code: "invalid_characters", message: expect.stringContaining("无法保存的字符") },
    ]);
  });

  it("still stores emoji (surrogate pairs), right-to-left text and other control characters", async () => {
    const name = "客户 😀 مرحبا \u200f\t";
    const response = await app.admin.post("/api/records/customer", { name, notes: "line\u0001\nline" });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ name: name.trim(), notes: "line\u0001\nline" });
    const found = await app.admin.get(`/api/records/customer?${filterQuery({ name: { contains: "😀" } })}`);
    expect(found.body.records.map((r: { id: string }) => r.id)).toEqual([response.body.id]);
  });

  it("leaves nothing behind: a refused bulk write stores no record", async () => {
    const before = await app.admin.get("/api/records/customer?count=true&limit=1");
    await app.admin.post("/api/records/customer/bulk", { records: [{ name: "ok" }, { name: "\u0000" }] });
    const after = await app.admin.get("/api/records/customer?count=true&limit=1");
    expect(after.body.total).toBe(before.body.total);
  });
});

describe(`a single PATCH names the record by its path and its version by If-Match, on ${testEngine}`, () => {
  it("refuses id and version in the body like create does", async () => {
    const path = `/api/records/customer/${customerId}`;
    const other = "0190a000-0000-7000-8000-000000000000";
    expectCleanProblem(await app.admin.patch(path, { id: other, name: "x" }), 400, "VALIDATION_FAILED", {
      field: "id",
      code: "system_field",
    });
    expectCleanProblem(await app.admin.patch(path, { version: 999, name: "x" }), 400, "VALIDATION_FAILED", {
      field: "version",
      code: "system_field",
    });
    const created = await app.admin.post("/api/records/customer", { id: other, version: 2, name: "x" });
    expect(created.body.errors.map((e: { code: string }) => e.code)).toEqual([
      "system_field",
      "system_field",
    ]);
    const unchanged = await app.admin.get(path);
    expect(unchanged.body.name).toBe("华东客户");
  });

  it("still takes id and version per item in a bulk update", async () => {
    const current = await app.admin.get(`/api/records/customer/${customerId}`);
    const response = await app.admin.patch("/api/records/customer/bulk", {
      records: [{ id: customerId, version: current.body.version, phone: "+86 21 1234 5678" }],
    });
    expect(response.status, response.text).toBe(200);
  });
});
