import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createSalesFixture, hideFromMembers } from "../../test/validation-fixture.ts";

let app: TestApp;
let member: HttpClient;

beforeAll(async () => {
  app = await startTestApp();
  await createSalesFixture(app.admin);
  await hideFromMembers(app.admin);
  const created = await app.admin.post("/api/users", {
    email: "rep@keduo.test",
    name: "Rep",
    password: "password-123",
  });
  expect(created.status, created.text).toBe(201);
  member = await app.login("rep@keduo.test", "password-123");
});
afterAll(() => app?.close());

const check = (client: HttpClient, body: Record<string, unknown>) =>
  client.post("/api/meta/formula/check", { object: "deal", ...body });

describe(`POST /api/meta/formula/check on ${testEngine}`, () => {
  it("answers the result type and dependencies of a valid formula, with functions and fields to suggest", async () => {
    const response = await check(app.admin, {
      expression: 'IF(account.tier = "c", amount * (1 - discount / 100), amount)',
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({
      ok: true,
      type: "currency",
      time_dependent: false,
    });
    expect([...response.body.dependencies].sort()).toEqual(["account.tier", "amount", "discount"]);
    const functions = response.body.functions.map((f: { name: string }) => f.name);
    expect(functions).toEqual(expect.arrayContaining(["IF", "DATEADD", "SUM", "REGEXMATCH"]));
    const fields = new Map(response.body.fields.map((f: { path: string }) => [f.path, f]));
    expect(fields.get("amount")).toMatchObject({ kind: "value", type: "currency" });
    expect(fields.get("account")).toMatchObject({ kind: "relation", target: "account" });
    expect(fields.get("account.tier")).toMatchObject({
      kind: "value",
      type: "select",
      labels: { "zh-CN": "tier", en: "tier" },
    });
    expect(fields.get("account.deals")).toMatchObject({ kind: "list", target: "deal" });
    expect(fields.get("owner_id")).toMatchObject({ type: "user", labels: { "zh-CN": "负责人" } });
    // A user is followed into the directory, within the hop limit.
    expect(fields.get("owner_id.manager.name")).toMatchObject({ kind: "value", type: "text" });
    expect(fields.get("owner_id.department")).toMatchObject({ kind: "relation", target: "department" });
    expect(fields.get("owner_id.department.parent.name")).toMatchObject({ labels: { en: "Name" } });
    expect(fields.has("owner_id.department.parent.parent.name")).toBe(false);
  });

  it("checks the expected type: a validation rule must be a boolean", async () => {
    expect((await check(app.admin, { expression: "amount > 0", expect: "boolean" })).body).toMatchObject({
      ok: true,
      type: "boolean",
    });
    const wrong = await check(app.admin, { expression: "amount * 2", expect: "boolean" });
    expect(wrong.body).toMatchObject({
      ok: false,
      errors: [{ line: 1, column: 1, code: "wrong_result_type" }],
    });
  });

  it("points at the error and speaks the request's language", async () => {
    const expression = 'title & "-"\n  + amount';
    const en = await check(app.admin, { expression });
    expect(en.status).toBe(200);
    expect(en.body.ok).toBe(false);
    expect(en.body.errors).toEqual([
      {
        line: 2,
        column: 3,
        end_line: 2,
        end_column: 4,
        code: "cannot_add",
        message: expect.stringMatching(/^Line 2, column 3: cannot add text to a/),
      },
    ]);
    const oneLine = await check(app.admin, { expression: "title + 1" });
    expect(oneLine.body.errors[0].message).toBe("Line 1, column 7: cannot add text to a number");
    app.admin.locale = "zh-CN";
    try {
      const chinese = await check(app.admin, { expression: "title + 1" });
      expect(chinese.body.errors[0]).toMatchObject({ line: 1, column: 7, code: "cannot_add" });
      expect(chinese.body.errors[0].message).toBe("第 1 行第 7 列：文本不能与数字相加");
    } finally {
      app.admin.locale = "en";
    }
  });

  it("treats a field hidden from the caller exactly like one that does not exist", async () => {
    // The admin sees the margin; a member does not, on the deal itself and behind a relation.
    expect((await check(app.admin, { expression: "margin > 0" })).body.ok).toBe(true);
    const hidden = await check(member, { expression: "margin > 0" });
    const missing = await check(member, { expression: "marginx > 0" });
    expect(hidden.body.ok).toBe(false);
    expect(hidden.body.errors).toEqual([
      {
        ...missing.body.errors[0],
        end_column: 7,
        message: "Line 1, column 1: deal has no field named margin",
      },
    ]);
    const behindRelation = await check(member, { expression: "account.secret_score > 1" });
    expect(behindRelation.body.errors[0]).toMatchObject({
      code: "unknown_field",
      message: "Line 1, column 9: account has no field named secret_score",
    });
    const viaList = await check(member, {
      object: "account",
      expression: "SUM(deals.margin) > 0",
    });
    expect(viaList.body.errors[0]).toMatchObject({ code: "unknown_field" });
    // Nor is it suggested, anywhere.
    const suggestions = (await check(member, { expression: "amount" })).body.fields.map(
      (f: { path: string }) => f.path,
    );
    expect(suggestions).toContain("account.tier");
    expect(suggestions.filter((path: string) => /margin|secret_score/.test(path))).toEqual([]);
  });

  it("answers 404 for an object that does not exist or that the caller may not read", async () => {
    const missing = await check(app.admin, { object: "nope", expression: "1 = 1" });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("OBJECT_NOT_FOUND");
    const auditor = await app.admin.post("/api/meta/roles", {
      api_name: "account_only",
      labels: { "zh-CN": "仅客户", en: "Accounts only" },
      permissions: { objects: { account: { read: true } } },
    });
    expect(auditor.status, auditor.text).toBe(201);
    await app.admin.post("/api/users", {
      email: "accounts@keduo.test",
      name: "Accounts",
      password: "password-123",
      roles: ["account_only"],
    });
    const client = await app.login("accounts@keduo.test", "password-123");
    const denied = await check(client, { expression: "1 = 1" });
    expect(denied.status).toBe(404);
    expect(denied.body.code).toBe("OBJECT_NOT_FOUND");
    // From an account, the deals behind the reverse relation are unknown to them too.
    const list = await check(client, { object: "account", expression: "COUNT(deals) > 0" });
    expect(list.body).toMatchObject({ ok: false, errors: [{ code: "aggregate_needs_list" }] });
  });

  it("refuses SQL in a DATEADD unit as a type error, and no statement containing it runs", async () => {
    const payloads = [
      `DATEADD(close_date, 1, "day'); DROP TABLE x; --")`,
      `DATEDIF(close_date, close_date, "month'); DROP TABLE x; --")`,
      `DATEADD(close_date, 1, title & "'); DROP TABLE x; --")`,
      `REGEXMATCH(title, title & "'); DROP TABLE x; --")`,
    ];
    app.queries.length = 0;
    for (const expression of payloads) {
      const response = await check(app.admin, { expression, expect: "date" });
      expect(response.status).toBe(200);
      expect(response.body.ok, expression).toBe(false);
      expect(response.body.errors[0].code).toMatch(/invalid_unit|literal_required/);
    }
    expect(app.queries.filter((q) => /DROP|TABLE x/i.test(q))).toEqual([]);
  });

  it("refuses a body without an expression and anonymous callers", async () => {
    expect((await app.admin.post("/api/meta/formula/check", { object: "deal" })).status).toBe(400);
    expect((await check(app.anonymous, { expression: "1" })).status).toBe(401);
  });
});
