import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createImportFixture, readWorkbook, settle, upload, workbook } from "./import.test-support.ts";

let app: TestApp;
let adminId: string;

const serial = (Date.UTC(2026, 2, 6) - Date.UTC(1899, 11, 30)) / 86_400_000 + 0.5;
const HEADERS = [
  "客户名称",
  "手机",
  "邮箱",
  "年收入",
  "折扣",
  "成立日期",
  "最近拜访",
  "重点客户",
  "级别",
  "行业",
  "客户经理",
];

/** A sheet the way people make them: a title over merged cells, a two-level header, empty rows, bad rows. */
const customerWorkbook = () =>
  workbook((wb) => {
    wb.addWorksheet("说明").addRow(["请在“客户”工作表中填写"]);
    const ws = wb.addWorksheet("客户");
    ws.addRow(["2026 客户清单"]);
    ws.mergeCells("A1:K1");
    ws.addRow([
      "客户名称",
      "联系方式",
      null,
      "年收入",
      "折扣",
      "成立日期",
      "最近拜访",
      "重点客户",
      "级别",
      "行业",
      "客户经理",
    ]);
    ws.addRow([null, "手机", "邮箱"]);
    ws.mergeCells("B2:C2");
    for (const col of ["A", "D", "E", "F", "G", "H", "I", "J", "K"]) ws.mergeCells(`${col}2:${col}3`);
    ws.addRow([
      "张三科技",
      13800138000,
      "zs@example.cn",
      "1,234.50",
      "12%",
      "2026年3月5日",
      "2026-03-05 14:30",
      "是",
      "A类",
      "汽车、医疗",
      "admin@keduo.test",
    ]);
    ws.addRow([
      "李四贸易",
      "021-5555 6666",
      "ls@example.cn",
      "3.5万",
      0.12,
      new Date(Date.UTC(2026, 2, 6)),
      serial,
      "N",
      "Tier B",
      "Medical;Automotive",
    ]);
    ws.addRow([]);
    ws.addRow(["王五实业", null, "ww@example.cn", "¥1,200", "8", "2026/3/7", "2026.3.7 9:05", "否", "b"]);
    ws.addRow([
      "赵六",
      null,
      "not-an-email",
      "abc",
      "x%",
      "2026-02-30",
      "yesterday",
      "maybe",
      "Z类",
      "汽车,航天",
      "nobody@x.cn",
    ]);
    ws.addRow(["李四贸易", "13900000000"]);
    ws.addRow([null, "13700000000", "nobody@example.cn"]);
    ws.addRow(["钱七", null, "existing@example.cn"]);
  });

const settings = {
  sheet: "客户",
  header_row: 3,
  mapping: HEADERS.map((_, i) => ({
    column: String.fromCharCode(65 + i),
    field: [
      "name",
      "phone",
      "email",
      "revenue",
      "discount",
      "founded",
      "last_visit",
      "vip",
      "tier",
      "industries",
      "manager",
    ][i]!,
  })),
  duplicates: "update",
  match_fields: ["name"],
};

const FIELDS = [
  "name",
  "phone",
  "email",
  "revenue",
  "discount",
  "founded",
  "last_visit",
  "vip",
  "tier",
  "industries",
  "manager",
];

async function accounts() {
  const response = await app.admin.get(`/api/records/account?limit=100&sort=name&fields=${FIELDS.join(",")}`);
  expect(response.status, response.text).toBe(200);
  return response.body.records.map((r: Record<string, unknown>) =>
    Object.fromEntries(FIELDS.map((f) => [f, r[f]])),
  );
}

beforeAll(async () => {
  app = await startTestApp();
  adminId = (await app.admin.get("/api/auth/me")).body.user.id;
  await createImportFixture(app.admin);
  const seeded = await app.admin.post("/api/records/account/bulk", {
    records: [
      { name: "张三科技", phone: "010-1", email: "old@example.cn", tier: "b" },
      { name: "老客户", email: "existing@example.cn" },
    ],
  });
  expect(seeded.status, seeded.text).toBe(201);
});
afterAll(() => app?.close());

describe("importing a workbook", () => {
  let id: string;
  let before: unknown;

  it("uploads, lists the sheets and finds the header under merged cells", async () => {
    before = await accounts();
    const response = await upload(app.admin, "account", "客户清单.xlsx", await customerWorkbook());
    expect(response.status, response.text).toBe(201);
    id = response.body.id;
    expect(response.body).toMatchObject({ format: "xlsx", status: "uploaded", file_name: "客户清单.xlsx" });
    expect(response.body.sheets).toEqual([
      { name: "说明", rows: 0 },
      { name: "客户", rows: 7 },
    ]);
    const inspect = await app.admin.get(`/api/imports/${id}/inspect?sheet=${encodeURIComponent("客户")}`);
    expect(inspect.status, inspect.text).toBe(200);
    expect(inspect.body.header_row).toBe(3);
    expect(inspect.body.headers.map((h: { name: string }) => h.name)).toEqual(HEADERS);
    expect(inspect.body.suggestions.map((s: { field: string | null }) => s.field)).toEqual(
      settings.mapping.map((m) => m.field),
    );
    // a money field's currency code is a target of its own, named as the export heads its column
    expect(inspect.body.fields).toContainEqual({
      api_name: "revenue__currency",
      type: "currency_code",
      labels: { "zh-CN": "年收入（币种）", en: "Annual revenue (currency)" },
      required: false,
    });
    expect(inspect.body.samples[0]).toEqual({
      row: 4,
      cells: [
        "张三科技",
        "13800138000",
        "zs@example.cn",
        "1,234.50",
        "12%",
        "2026年3月5日",
        "2026-03-05 14:30",
        "是",
        "A类",
        "汽车、医疗",
        "admin@keduo.test",
      ],
    });
  });

  it("dry-runs every row through the write pipeline and stores nothing", async () => {
    const started = await app.admin.post(`/api/imports/${id}/dry-run`, settings);
    expect(started.status, started.text).toBe(202);
    const done = await settle(app.admin, id);
    expect(done.status).toBe("validated");
    expect(done.dry_run).toEqual({ created: 2, updated: 2, skipped: 0, failed: 3 });
    expect(done.progress).toEqual({ rows_total: 7, rows_done: 7 });
    expect(await accounts()).toEqual(before);
    const report = await app.admin.get(`/api/imports/${id}/errors?phase=dry_run`);
    expect(
      report.body.errors.map((e: Record<string, unknown>) => [e.row, e.column, e.value, e.code]),
    ).toEqual([
      [8, "D", "abc", "invalid_amount"],
      [8, "E", "x%", "invalid_percent"],
      [8, "F", "2026-02-30", "invalid_date"],
      [8, "G", "yesterday", "invalid_datetime"],
      [8, "H", "maybe", "invalid_boolean"],
      [8, "I", "Z类", "unknown_option"],
      [8, "J", "汽车,航天", "unknown_option"],
      [8, "K", "nobody@x.cn", "user_not_found"],
      [10, "A", null, "required"],
      [11, "C", "existing@example.cn", "not_unique"],
    ]);
    expect(report.body.errors[5].message).toBe(
      "“Z类” is not one of the options (Tier A, Tier B); choose one for it under “Map values”",
    );
    app.admin.locale = "zh-CN";
    const xlsx = await fetch(`${app.url}/api/imports/${id}/errors?phase=dry_run&format=xlsx`, {
      headers: { cookie: (app.admin as unknown as { cookie: string }).cookie, "accept-language": "zh-CN" },
    });
    app.admin.locale = "en";
    expect(xlsx.status).toBe(200);
    // the rows that failed as written, under the header (each column named, the two-level one too)
    const rows = await readWorkbook(Buffer.from(await xlsx.arrayBuffer()));
    expect(rows[0]).toEqual([...HEADERS, "导入问题"]);
    expect(rows.map((r) => r[0])).toEqual(["客户名称", "赵六", undefined, "钱七"]);
    expect(rows[1]![11]).toContain("；级别：“Z类”不是可选项（可选：A类、B类），可在“值对应”中为它选择一项；");
    expect(rows[2]![11]).toBe("客户名称：此项为必填项");
  });

  it("imports: coerces every value, updates matches, reports bad rows", async () => {
    const started = await app.admin.post(`/api/imports/${id}/run`, settings);
    expect(started.status, started.text).toBe(202);
    const done = await settle(app.admin, id);
    expect(done.status, JSON.stringify(done.failure)).toBe("completed");
    expect(done.counts).toEqual({ created: 2, updated: 2, skipped: 0, failed: 3 });
    expect(await accounts()).toEqual(
      [
        {
          name: "张三科技",
          phone: "13800138000",
          email: "zs@example.cn",
          revenue: { amount: "1234.50", currency: "CNY" },
          discount: 12,
          founded: "2026-03-05",
          last_visit: "2026-03-05T06:30:00.000Z",
          vip: true,
          tier: "a",
          industries: ["auto", "med"],
          manager: adminId,
        },
        {
          name: "李四贸易",
          phone: "13900000000",
          email: "ls@example.cn",
          revenue: { amount: "35000.00", currency: "CNY" },
          discount: 12,
          founded: "2026-03-06",
          last_visit: "2026-03-06T04:00:00.000Z",
          vip: false,
          tier: "b",
          industries: ["med", "auto"],
          manager: null,
        },
        {
          name: "王五实业",
          phone: null,
          email: "ww@example.cn",
          revenue: { amount: "1200.00", currency: "CNY" },
          discount: 8,
          founded: "2026-03-07",
          last_visit: "2026-03-07T01:05:00.000Z",
          vip: false,
          tier: "b",
          industries: [],
          manager: null,
        },
        ...(before as unknown[]).filter((r) => (r as { name: string }).name === "老客户"),
      ].sort((a, b) =>
        String((a as { name: string }).name) < String((b as { name: string }).name) ? -1 : 1,
      ),
    );
    const report = await app.admin.get(`/api/imports/${id}/errors`);
    expect(report.body.phase).toBe("run");
    expect(report.body.errors).toHaveLength(10);
  });

  it("remembers the mapping for the next file of this object", async () => {
    const again = await upload(
      app.admin,
      "account",
      "again.xlsx",
      await workbook((wb) => wb.addWorksheet("S").addRow(["手机", "客户名称", "不认识"]).commit?.()),
    );
    const inspect = await app.admin.get(`/api/imports/${again.body.id}/inspect`);
    expect(inspect.body.suggestions).toEqual([
      { column: "A", header: "手机", field: "phone", source: "remembered" },
      { column: "B", header: "客户名称", field: "name", source: "remembered" },
      { column: "C", header: "不认识", field: null, source: null },
    ]);
  });

  it("undo restores the exact prior state", async () => {
    const started = await app.admin.post(`/api/imports/${id}/undo`);
    expect(started.status, started.text).toBe(202);
    const done = await settle(app.admin, id);
    expect(done.status).toBe("undone");
    expect(await accounts()).toEqual(before);
    const deleted = await app.admin.get("/api/records/account?deleted=true");
    expect(deleted.body.records).toEqual([]);
  });
});
