import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { label } from "../../test/fixtures.ts";
import { expectCleanProblem } from "../../test/problems.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createTestUser, signIn } from "../../test/test-users.ts";
import {
  applyBundle,
  configureSource,
  editFile,
  entryOf,
  exportBundle,
  type Files,
  metaVersion,
} from "./bundle-test-support.ts";

let source: TestApp;
let target: TestApp;
let v1: Files;

beforeAll(async () => {
  // One after the other: two servers migrating the embedded engine at once can interleave statements.
  source = await startTestApp();
  target = await startTestApp();
  await configureSource(source.admin);
  v1 = await exportBundle(source.admin);
}, 120_000);

afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

describe("a bundle applied to an empty installation", () => {
  it("is readable files: one per object plus one per other kind, canonical and without ids", () => {
    expect(Object.keys(v1).sort()).toEqual([
      "bundle.json",
      "objects/contact.json",
      "objects/customer.json",
      "objects/tag.json",
      "roles.json",
      "sharing.json",
    ]);
    for (const text of Object.values(v1)) {
      expect(text.endsWith("}\n")).toBe(true);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/);
    }
    const customer = JSON.parse(v1["objects/customer.json"] ?? "");
    expect(Object.keys(customer)).toEqual(["fields", "layout", "object", "rules", "views"]);
    expect(customer.fields.map((f: { api_name: string }) => f.api_name).slice(0, 3)).toEqual([
      "name",
      "notes",
      "profile",
    ]);
    expect(JSON.parse(v1["sharing.json"] ?? "").sharing_rules["customer.A 类共享"].grantee).toEqual({
      role: "sales_rep",
    });
  });

  it("answers a dry run with the plan and its DDL, and changes nothing", async () => {
    const before = await metaVersion(target.admin);
    const response = await applyBundle(target.admin, v1, { dryRun: true });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ dry_run: true, applied: false, meta_version: null });
    expect(entryOf(response.body, "objects", "customer")).toMatchObject({ action: "create" });
    expect(response.body.statements.join("\n")).toMatch(/CREATE TABLE/);
    expect(await metaVersion(target.admin)).toBe(before);
    expect((await target.admin.get("/api/meta/objects/customer")).status).toBe(404);
  });

  it("creates everything in one metadata change, and exporting again gives identical files", async () => {
    const before = await metaVersion(target.admin);
    const response = await applyBundle(target.admin, v1);
    expect(response.status, response.text).toBe(200);
    expect(response.body.applied).toBe(true);
    expect(response.body.summary.refused).toBe(0);
    expect(response.body.meta_version).toBe(before + 1);
    expect(await metaVersion(target.admin)).toBe(before + 1);
    expect(await exportBundle(target.admin)).toEqual(v1);
  });

  it("changes nothing when applied twice", async () => {
    const before = await metaVersion(target.admin);
    const response = await applyBundle(target.admin, v1);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ applied: false, meta_version: null });
    expect(response.body.summary).toMatchObject({ create: 0, update: 0, refused: 0 });
    expect(await metaVersion(target.admin)).toBe(before);
    expect(await exportBundle(target.admin)).toEqual(v1);
  });
});

describe("a newer version of the bundle", () => {
  it("updates untouched items, keeps what the admin changed and does not bring back what they deleted", async () => {
    // The target's admin renames one field and deletes another field and the shared view.
    const renamed = label("备注（本地）", "Notes (local)");
    expect(
      (await target.admin.patch("/api/meta/objects/customer/fields/notes", { labels: renamed })).status,
    ).toBe(200);
    expect((await target.admin.delete("/api/meta/objects/customer/fields/website")).status).toBe(200);
    const views = (await target.admin.get("/api/views/customer")).body.views;
    expect((await target.admin.delete(`/api/views/customer/${views[0].id}`)).status).toBe(204);
    // The bundle's author changes both labels, and adds a field.
    await source.admin.patch("/api/meta/objects/customer/fields/notes", {
      labels: label("备注 2", "Notes 2"),
    });
    await source.admin.patch("/api/meta/objects/customer/fields/phone", {
      labels: label("电话 2", "Phone 2"),
    });
    await source.admin.post("/api/meta/objects/customer/fields", {
      api_name: "wechat",
      type: "text",
      labels: label("微信", "WeChat"),
    });
    const v2 = await exportBundle(source.admin, "2");

    const response = await applyBundle(target.admin, v2);
    expect(response.status, response.text).toBe(200);
    const plan = response.body;
    expect(entryOf(plan, "fields", "customer.notes")).toMatchObject({
      action: "kept_changed_locally",
      reason: "changed_locally",
    });
    expect(entryOf(plan, "fields", "customer.phone")).toMatchObject({ action: "update" });
    expect(entryOf(plan, "fields", "customer.wechat")).toMatchObject({ action: "create" });
    expect(entryOf(plan, "fields", "customer.website")).toMatchObject({
      action: "left_alone",
      reason: "deleted_locally",
    });
    expect(entryOf(plan, "views", "customer.A 类客户")).toMatchObject({ action: "left_alone" });
    expect(entryOf(plan, "fields", "customer.name")).toMatchObject({ action: "unchanged" });

    const fields = (await target.admin.get("/api/meta/objects/customer")).body.fields;
    const byName = (name: string) => fields.find((f: { api_name: string }) => f.api_name === name);
    expect(byName("notes").labels).toEqual(renamed);
    expect(byName("phone").labels).toEqual(label("电话 2", "Phone 2"));
    expect(byName("website")).toBeUndefined();
    expect((await target.admin.get("/api/views/customer")).body.views).toHaveLength(0);

    // Applying the same version again: the kept label is still kept, nothing else to do.
    const again = await applyBundle(target.admin, v2);
    expect(again.body).toMatchObject({ applied: false });
    expect(entryOf(again.body, "fields", "customer.notes")).toMatchObject({ action: "kept_changed_locally" });
  });
});

describe("a bundle with problems", () => {
  it("is refused with every problem listed at once, and metadata and tables stay as they were", async () => {
    const record = await target.admin.post("/api/records/customer", { name: "华东汽车" });
    expect(record.status, record.text).toBe(201);
    const before = await exportBundle(target.admin);
    const version = await metaVersion(target.admin);
    let files = editFile(v1, "objects/customer.json", (customer) => {
      // A type change that would lose data: "华东汽车" is not a number.
      customer.fields.find((f) => f.api_name === "name")!.type = "number";
      customer.fields.push(
        {
          api_name: "broken_formula",
          type: "formula",
          labels: label("坏", "Broken"),
          config: { expression: "nope + 1" },
        },
        {
          api_name: "supplier",
          type: "relation",
          labels: label("供应商", "Supplier"),
          config: {
            relation: {
              target: "supplier",
              cardinality: "many_to_one",
              inverse_name: "customers",
              inverse_labels: label("客户", "Customers"),
            },
          },
        },
      );
      customer.spreadsheets = {};
    });
    files = {
      ...files,
      "objects/widget.json": `${JSON.stringify({ object: { labels: label("部件", "Widget") } })}\n`,
    };
    const response = await applyBundle(target.admin, files);
    expectCleanProblem(response, 422, "BUNDLE_REFUSED");
    const problems = response.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        "objects/customer.json#spreadsheets unknown_kind",
        "objects/customer.json#fields.name FIELD_CHANGE_REFUSED",
        expect.stringMatching(/^objects\/customer\.json#fields\.broken_formula\.config\.expression /),
        "objects/customer.json#fields.supplier.config.relation.target invalid_reference",
      ]),
    );
    expect(await metaVersion(target.admin)).toBe(version);
    expect(await exportBundle(target.admin)).toEqual(before);
    expect((await target.admin.get("/api/meta/objects/widget")).status).toBe(404);
    const { rows } = await target.database.db
      .selectFrom("information_schema.tables" as never)
      .select("table_name" as never)
      .where("table_schema" as never, "=", target.database.schemas.workspace as never)
      .where("table_name" as never, "=", "widget" as never)
      .execute()
      .then((r) => ({ rows: r }));
    expect(rows).toHaveLength(0);
  });

  it("refuses unsafe paths, oversized files and unknown kinds before planning", async () => {
    const traversal = await applyBundle(target.admin, { ...v1, "../secrets.json": "{}" });
    expectCleanProblem(traversal, 422, "BUNDLE_REFUSED", { field: "../secrets.json", code: "unsafe_path" });
    const big = await applyBundle(target.admin, {
      ...v1,
      "roles.json": `{"roles":{},"x":"${"a".repeat(1_100_000)}"}`,
    });
    expectCleanProblem(big, 422, "BUNDLE_REFUSED", { field: "roles.json", code: "file_too_large" });
    const kinds = editFile(v1, "bundle.json", (manifest) => manifest.kinds.push("not_a_kind"));
    expectCleanProblem(await applyBundle(target.admin, kinds), 422, "BUNDLE_REFUSED", {
      // After every kind the installation knows: the unknown one is the last.
      field: `bundle.json#kinds.${JSON.parse(v1["bundle.json"]!).kinds.length}`,
      code: "unknown_kind",
    });
  });

  it("is for admins only", async () => {
    const member = await signIn(target, await createTestUser(target, { roles: ["member"] }));
    expectCleanProblem(await member.get("/api/admin/bundle"), 403, "FORBIDDEN");
    expectCleanProblem(await applyBundle(member, v1, { dryRun: true }), 403, "FORBIDDEN");
    expectCleanProblem(await target.anonymous.get("/api/admin/bundle"), 401, "UNAUTHENTICATED");
  });
});
