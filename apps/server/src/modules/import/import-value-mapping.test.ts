import { beforeAll, describe, expect, it } from "vitest";
import { label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { upload } from "./import.test-support.ts";
import {
  customerApp,
  customers,
  salesWorkbook,
  startAndSettle,
  uploadAndInspect,
} from "./sales-workbook.test-support.ts";

const env = customerApp();
let adminId: string;
let rep: HttpClient;

beforeAll(async () => {
  const app = env.app;
  adminId = (await app.admin.get("/api/auth/me")).body.user.id;
  const role = await app.admin.post("/api/meta/roles", {
    api_name: "sales_rep",
    labels: label("销售", "Sales rep"),
    permissions: { default_objects: { read: true, create: true, edit: true } },
  });
  expect(role.status, role.text).toBe(201);
  const user = await app.admin.post("/api/users", {
    email: "rep@keduo.test",
    name: "老王",
    password: "password-123",
    roles: ["sales_rep"],
  });
  expect(user.status, user.text).toBe(201);
  rep = await app.login("rep@keduo.test", "password-123");
});

const HEADER = ["客户名称", "客户级别", "标签", "负责人"];
const ROWS = [
  ["值甲", "A", "新客户、VIP", "admin@keduo.test"],
  ["值乙", "A类", "贵宾,老客户", "老王"],
  ["值丙", "ａ", null, "小李"],
  ["值丁", "b", "New", null],
  ["值戊", "重点", null, null],
  ["值己", "zhongdian", null, null],
  ["值庚", "Key Account", null, null],
  ["值辛", "C类", null, null],
  ["值壬", "C类", null, null],
  ["值癸", "?", null, null],
];
const mapping = [
  { column: "A", field: "name" },
  { column: "B", field: "tier" },
  { column: "C", field: "tags" },
  { column: "D", field: "owner_user" },
];
const values = (client: HttpClient, id: string, column: string, field: string) =>
  client.get(
    `/api/imports/${id}/values?sheet=${encodeURIComponent("客户")}&header_row=2&column=${column}&field=${field}`,
  );

describe("value mapping", () => {
  let id: string;
  let inspect: { sheet: string; header_row: number };

  it("lists a column's distinct values with counts and what the rules match them to", async () => {
    ({ id, inspect } = await uploadAndInspect(rep, await salesWorkbook([HEADER, ...ROWS])));
    const tier = await values(rep, id, "B", "tier");
    expect(tier.status, tier.text).toBe(200);
    expect(tier.body).toMatchObject({ column: "B", field: "tier", rows: 10, empty: 0, capped: false });
    expect(tier.body.can_add_options).toBe(false);
    expect(tier.body.options.map((o: { value: string }) => o.value)).toEqual(["a", "b", "key"]);
    expect(tier.body.values).toEqual([
      { value: "C类", count: 2, match: null },
      { value: "?", count: 1, match: null },
      { value: "A", count: 1, match: { to: "a", by: "exact" } },
      { value: "A类", count: 1, match: { to: "a", by: "suffix" } },
      { value: "Key Account", count: 1, match: { to: "key", by: "normalized" } },
      { value: "b", count: 1, match: { to: "b", by: "exact" } },
      { value: "zhongdian", count: 1, match: { to: "key", by: "pinyin" } },
      { value: "重点", count: 1, match: { to: "key", by: "exact" } },
      { value: "ａ", count: 1, match: { to: "a", by: "normalized" } },
    ]);
    const tags = await values(rep, id, "C", "tags");
    expect(tags.body).toMatchObject({ rows: 10, empty: 7 });
    expect(tags.body.values).toEqual([
      { value: "New", count: 1, match: { to: "new", by: "exact" } },
      { value: "VIP", count: 1, match: { to: "vip", by: "exact" } },
      { value: "新客户", count: 1, match: { to: "new", by: "exact" } },
      { value: "老客户", count: 1, match: null },
      { value: "贵宾", count: 1, match: { to: "vip", by: "exact" } },
    ]);
    const owners = await values(rep, id, "D", "owner_user");
    expect(owners.body.values).toEqual([
      { value: "admin@keduo.test", count: 1, match: { to: adminId, by: "exact" } },
      { value: "小李", count: 1, match: null },
      { value: "老王", count: 1, match: { to: expect.any(String), by: "exact" } },
    ]);
    const text = await values(rep, id, "A", "name");
    expect(text.status).toBe(400);
  });

  it("reports values no rule matches, listing the allowed values", async () => {
    const checked = await startAndSettle(rep, id, "dry-run", inspect, { mapping });
    expect(checked.dry_run).toEqual({ created: 5, updated: 0, skipped: 0, failed: 5 });
    rep.locale = "zh-CN";
    const report = await rep.get(`/api/imports/${id}/errors?phase=dry_run`);
    rep.locale = "en";
    expect(
      report.body.errors.map((e: Record<string, unknown>) => [e.row, e.column, e.value, e.message]),
    ).toEqual([
      [4, "C", "贵宾,老客户", "“老客户”不是可选项（可选：新客户、贵宾），可在“值对应”中为它选择一项"],
      [5, "D", "小李", "找不到用户“小李”"],
      [10, "B", "C类", "“C类”不是可选项（可选：A、B、重点），可在“值对应”中为它选择一项"],
      [11, "B", "C类", "“C类”不是可选项（可选：A、B、重点），可在“值对应”中为它选择一项"],
      [12, "B", "?", "“?”不是可选项（可选：A、B、重点），可在“值对应”中为它选择一项"],
    ]);
  });

  it("adds a value as a new option for admins only, its API value made from the label", async () => {
    const refused = await rep.post(`/api/imports/${id}/options`, { field: "tier", labels: ["C类"] });
    expect(refused.status).toBe(403);
    const admin = await values(env.app.admin, id, "B", "tier");
    expect(admin.body.can_add_options).toBe(true);
    const added = await env.app.admin.post(`/api/imports/${id}/options`, {
      field: "tier",
      labels: ["C类", "A", "D"],
    });
    expect(added.status, added.text).toBe(200);
    expect(added.body.added).toEqual([
      { label: "C类", value: "c_lei" },
      { label: "A", value: "a" },
      { label: "D", value: "d" },
    ]);
    expect(added.body.options.map((o: { value: string }) => o.value)).toEqual([
      "a",
      "b",
      "key",
      "c_lei",
      "d",
    ]);
  });

  it("imports with the user's choices: an option, leave empty, a user for a name", async () => {
    const chosen = [
      { column: "A", field: "name" },
      {
        column: "B",
        field: "tier",
        values: [
          { from: "C类", to: "c_lei" },
          { from: "?", to: null },
        ],
      },
      { column: "C", field: "tags", values: [{ from: "老客户", to: null }] },
      { column: "D", field: "owner_user", values: [{ from: "小李", to: adminId }] },
    ];
    const checked = await startAndSettle(rep, id, "dry-run", inspect, { mapping: chosen });
    expect(checked.dry_run).toEqual({ created: 10, updated: 0, skipped: 0, failed: 0 });
    const done = await startAndSettle(rep, id, "run", inspect, { mapping: chosen });
    expect(done.counts).toEqual({ created: 10, updated: 0, skipped: 0, failed: 0 });
    const names = ROWS.map((r) => r[0]!);
    const rows = await customers(env.app.admin, names, ["tier", "tags", "owner_user"]);
    const byName = Object.fromEntries(rows.map((r: Record<string, unknown>) => [r.name, r]));
    expect(names.map((n) => byName[n].tier)).toEqual([
      "a",
      "a",
      "a",
      "b",
      "key",
      "key",
      "key",
      "c_lei",
      "c_lei",
      null,
    ]);
    expect(byName.值甲.tags).toEqual(["new", "vip"]);
    expect(byName.值乙.tags).toEqual(["vip"]);
    expect(byName.值丙.owner_user).toBe(adminId);
  });

  it("refuses a choice that is no option", async () => {
    const response = await rep.post(`/api/imports/${id}/dry-run`, {
      sheet: inspect.sheet,
      header_row: inspect.header_row,
      mapping: [{ column: "B", field: "tier", values: [{ from: "C类", to: "zzz" }] }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: "mapping.0.values.0.to", code: "invalid_option" }),
    ]);
  });

  it("counts at most 1,000 distinct values, in one pass over the stored file", async () => {
    const lines = ["客户名称,客户级别"];
    for (let i = 0; i < 1100; i++) lines.push(`客户${i},级别${i}`);
    lines.push("客户x,级别1");
    const uploaded = await upload(rep, "customer", "many.csv", Buffer.from(lines.join("\n")));
    expect(uploaded.status, uploaded.text).toBe(201);
    const response = await rep.get(
      `/api/imports/${uploaded.body.id}/values?sheet=CSV&header_row=1&column=B&field=tier`,
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ rows: 1101, capped: true, other_rows: 100 });
    expect(response.body.values).toHaveLength(1000);
    expect(response.body.values[0]).toEqual({ value: "级别1", count: 2, match: null });
  });
});
