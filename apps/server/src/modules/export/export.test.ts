import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  csvOf,
  download,
  excelDate,
  listAll,
  shanghai,
  sheetRows,
  tokenOf,
  workbookOf,
} from "../../test/export-support.ts";
import { addField, createCrmFixture, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { COLUMNS_SHEET, restoreCsvText } from "./index.ts";

let app: TestApp;
let adminToken: string;
let rep: HttpClient;
let repToken: string;
let viewId: string;
const CANARY = "CANARY-secret-4b1d";
const COUNT = 1_100;

type Rec = Record<string, unknown>;
const COLUMNS = [
  "name",
  "employees",
  "revenue",
  "discount",
  "founded",
  "last_contact",
  "active",
  "tier",
  "industries",
  "address",
  "account_manager",
  "tags",
  "code",
  "created_at",
];
const FILTER = { and: [{ employees: { gte: 100 } }, { name: { contains: "客户" } }] };
const SORT = "-revenue,name";
const TIERS: Record<string, string> = { a: "A 类", b: "B 类", c: "C 类" };
const INDUSTRIES: Record<string, string> = { auto: "汽车", med: "医疗", chip: "芯片" };

beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
  await addField(app.admin, "customer", {
    api_name: "secret",
    type: "text",
    labels: label("机密", "Secret"),
  });
  expect((await app.admin.patch("/api/meta/objects/customer", { sharing_default: "private" })).status).toBe(
    200,
  );
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: true },
      fields: { customer: { secret: "hidden" } },
    },
  });
  expect(member.status, member.text).toBe(200);
  const user = await app.admin.post("/api/users", {
    email: "rep@keduo.test",
    name: "销售小王",
    password: "password-123",
  });
  expect(user.status, user.text).toBe(201);
  rep = await app.login("rep@keduo.test", "password-123");
  rep.mustNotSee = [CANARY];
  [adminToken, repToken] = [await tokenOf(app.admin), await tokenOf(rep)];

  const me = (await app.admin.get("/api/auth/me")).body.user;
  const tags = await app.admin.post("/api/records/tag/bulk", {
    records: [{ name: "VIP" }, { name: "海外" }],
  });
  const tagIds = tags.body.records.map((r: Rec) => r.id);
  const customer = (i: number) => ({
    name: `客户 ${String(i).padStart(4, "0")}${i % 7 === 0 ? ', "引号"\n换行' : ""}`,
    employees: i,
    revenue: { amount: (i * 1000.5).toFixed(2), currency: i % 3 ? "CNY" : "USD" },
    discount: i % 4 ? 12.5 : null,
    founded: `20${String(10 + (i % 15)).padStart(2, "0")}-0${1 + (i % 9)}-1${i % 10}`,
    last_contact: new Date(Date.UTC(2026, 2, 1, i % 24, i % 60, 7)).toISOString(),
    active: i % 2 === 0,
    tier: ["a", "b", "c"][i % 3],
    industries: i % 5 ? ["auto", "chip"].slice(0, 1 + (i % 2)) : [],
    address:
      i % 6 ? { province: "320000", city: "320500", district: "320508", detail: "干将西路 1 号" } : null,
    account_manager: i % 2 ? me.id : null,
    tags: i % 3 ? tagIds : [],
    secret: `${CANARY}-${i}`,
  });
  for (let start = 0; start < COUNT; start += 550) {
    const records = Array.from({ length: 550 }, (_, k) => customer(start + k));
    const created = await app.admin.post("/api/records/customer/bulk", { records });
    expect(created.status, created.text).toBe(201);
  }
  for (const i of [500, 501, 502]) {
    const { secret: _secret, account_manager: _manager, tags: _tags, ...values } = customer(i);
    expect((await rep.post("/api/records/customer", { ...values, name: `小王的客户 ${i}` })).status).toBe(
      201,
    );
  }
  const view = await app.admin.post("/api/views/customer", {
    name: "重点客户",
    shared: true,
    columns: [...COLUMNS, "secret"].map((field) => ({ field })),
    filter: FILTER,
    sort: [
      { field: "revenue", direction: "desc" },
      { field: "name", direction: "asc" },
    ],
  });
  expect(view.status, view.text).toBe(201);
  viewId = view.body.id;
}, 180_000);
afterAll(() => app?.close());

/** One record as the export must show it, from the list API's answer (with relations expanded). */
function expectedRow(record: Rec, format: "csv" | "xlsx"): unknown[] {
  const csv = format === "csv";
  const revenue = record.revenue as { amount: string; currency: string };
  const address = record.address ? "江苏省苏州市姑苏区 干将西路 1 号" : null;
  const list = (items: string[]) => (items.length ? items.join("、") : null);
  const num = (v: unknown) => (v === null ? null : csv ? String(v) : v);
  const wall = (iso: unknown) => (csv ? shanghai(String(iso)) : excelDate(shanghai(String(iso))));
  const cells = [
    record.name,
    num(record.employees),
    csv ? revenue.amount : Number(revenue.amount),
    revenue.currency,
    num(record.discount),
    csv ? record.founded : new Date(`${record.founded}T00:00:00Z`),
    wall(record.last_contact),
    record.active ? "是" : "否",
    TIERS[String(record.tier)],
    list((record.industries as string[]).map((v) => INDUSTRIES[v]!)),
    address,
    (record.account_manager as { name?: string } | null)?.name ?? null,
    list((record.tags as Rec[]).map((t) => String(t.name))),
    record.code,
    wall(record.created_at),
  ];
  return cells.map((cell) => (csv ? (cell ?? "") : cell));
}

const HEADER = [
  "name",
  "employees",
  "revenue",
  "revenue（币种）",
  "discount",
  "founded",
  "last_contact",
  "active",
  "tier",
  "industries",
  "address",
  "account_manager",
  "tags",
  "code",
  "创建时间",
];
const listParams = {
  filter: JSON.stringify(FILTER),
  sort: SORT,
  // The list API always returns created_at; its `fields` take only real fields.
  fields: COLUMNS.filter((name) => name !== "created_at").join(","),
  expand: "account_manager,tags",
};

describe("an export equals the list API's records for the same view", () => {
  it("CSV of the saved view: labels, order, filter and every value type", async () => {
    const expected = await listAll(app.admin, "customer", listParams);
    expect(expected.length).toBeGreaterThan(900);
    const file = await download(app, adminToken, `/api/records/customer/export?format=csv&view=${viewId}`);
    expect(file.status, file.bytes.toString()).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = csvOf(file);
    expect(rows[0]).toEqual([...HEADER, "机密"]);
    const data = rows.slice(1).map((row) => row.slice(0, HEADER.length).map(restoreCsvText));
    expect(data).toEqual(expected.map((record) => expectedRow(record, "csv")));
    const secrets = rows.slice(1).map((row) => row[HEADER.length]);
    // The rep's three customers have no secret; every other one has its canary, in the same row.
    expect(secrets.filter((secret) => secret !== "")).toEqual(
      expected.filter((r) => !String(r.name).startsWith("小王")).map((r) => `${CANARY}-${r.employees}`),
    );
  });

  it("XLSX from filter, sort and fields: typed cells and a hidden sheet of API names", async () => {
    const expected = await listAll(app.admin, "customer", listParams);
    const fields = COLUMNS.join(",");
    const query = new URLSearchParams({ format: "xlsx", filter: listParams.filter, sort: SORT, fields });
    const file = await download(app, adminToken, `/api/records/customer/export?${query}`);
    expect(file.status, file.bytes.toString()).toBe(200);
    expect(file.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = await workbookOf(file);
    const [sheet, map] = [workbook.worksheets[0]!, workbook.getWorksheet(COLUMNS_SHEET)!];
    const rows = sheetRows(sheet, HEADER.length);
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1)).toEqual(expected.map((record) => expectedRow(record, "xlsx")));
    expect(sheet.getCell("C2").numFmt).toBe("#,##0.00");
    expect(map.state).toBe("hidden");
    const mapped = sheetRows(map, 5);
    expect(mapped[0]).toEqual(["column", "api_name", "label", "type", "object"]);
    expect(mapped.slice(1).map((row) => row[1])).toEqual([
      "name",
      "employees",
      "revenue",
      "revenue__currency",
      ...COLUMNS.slice(3),
    ]);
    expect(mapped[3]).toEqual([3, "revenue", "revenue", "currency", "customer"]);
  });

  it("English labels and values with lang=en, and no parameters: every visible field", async () => {
    const file = await download(app, adminToken, "/api/records/customer/export?format=csv&lang=en", "zh-CN");
    const rows = csvOf(file);
    expect(rows.length).toBe(COUNT + 3 + 1);
    expect(rows[0]).toContain("Secret");
    const header = rows[0]!;
    const byName = (row: string[], name: string) => row[header.indexOf(name)];
    const sample = rows.find((row) => byName(row, "name") === "客户 0009")!;
    expect(byName(sample, "tier")).toBe("Tier A");
    expect(byName(sample, "industries")).toBe("Automotive, Chips");
    expect(byName(sample, "active")).toBe("No");
    expect(byName(sample, "revenue (currency)")).toBe("USD");
  });
});

describe("access", () => {
  it("a field hidden from the user is refused like an unknown one when asked for by name", async () => {
    const file = await download(app, repToken, "/api/records/customer/export?format=csv&fields=name,secret");
    expect(file.status).toBe(400);
    expect(file.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(file.bytes.toString());
    expect(problem.errors).toEqual([expect.objectContaining({ field: "fields", code: "unknown_field" })]);
    const list = await rep.get("/api/records/customer?fields=name,secret");
    expect(list.status).toBe(file.status);
  });

  it("the user's export has only the rows they may read and never the hidden field", async () => {
    for (const format of ["csv", "xlsx"] as const) {
      for (const path of [`view=${viewId}`, "", "sort=name"]) {
        const file = await download(app, repToken, `/api/records/customer/export?format=${format}&${path}`);
        expect(file.status).toBe(200);
        const rows =
          format === "csv"
            ? csvOf(file)
            : sheetRows((await workbookOf(file)).worksheets[0]!, 40).map((r) => r.filter((v) => v !== null));
        const names = rows.slice(1).map((row) => row[0]);
        // The view's filter matches the rep's own three customers; they own no others.
        expect(names.sort()).toEqual(["小王的客户 500", "小王的客户 501", "小王的客户 502"]);
        expect(rows[0]).not.toContain("机密");
        expect(rows[0]).not.toContain("secret");
        expect(JSON.stringify(rows)).not.toContain(CANARY);
        if (format === "csv") expect(file.bytes.toString()).not.toContain(CANARY);
      }
    }
  });
});

describe("formula injection", () => {
  const HOSTILE = [
    '=HYPERLINK("http://evil.example","点我")',
    "+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "'=1",
    "＝1+1",
  ];
  let token: string;
  /** What was stored (text fields trim, long text keeps every character): what must come back. */
  const stored: string[][] = [];

  beforeAll(async () => {
    token = adminToken;
    await createObject(app.admin, "risk", "风险", "Risk");
    await addField(app.admin, "risk", { api_name: "title", type: "text", labels: label("=标题", "=Title") });
    await addField(app.admin, "risk", {
      api_name: "note",
      type: "long_text",
      labels: label("+备注", "+Note"),
    });
    await addField(app.admin, "risk", {
      api_name: "kind",
      type: "multi_select",
      labels: label("-类型", "-Kind"),
      config: {
        options: HOSTILE.slice(1, 4).map((text, i) => ({ value: `o${i}`, labels: label(text, text) })),
      },
    });
    await addField(app.admin, "risk", {
      api_name: "tag",
      type: "relation",
      labels: label("@标签", "@Tag"),
      config: {
        relation: {
          target: "tag",
          cardinality: "many_to_one",
          inverse_name: "risks",
          inverse_labels: label("风险", "Risks"),
        },
      },
    });
    const tag = await app.admin.post("/api/records/tag", { name: HOSTILE[0] });
    for (const text of HOSTILE) {
      const values = { title: text, note: text, kind: ["o0", "o2"], tag: tag.body.id };
      const created = await app.admin.post("/api/records/risk", values);
      expect(created.status, created.text).toBe(201);
      expect(created.body.note).toBe(text);
      stored.push([created.body.title, text, "+1、@SUM(A1:A2)", HOSTILE[0]!]);
    }
  });

  it("CSV: every text cell that could start a formula is prefixed with ' and restores exactly", async () => {
    const rows = csvOf(
      await download(app, token, "/api/records/risk/export?format=csv&fields=title,note,kind,tag&sort=id"),
    );
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r＝]/);
    expect(rows[0]!.map(restoreCsvText)).toEqual(["=标题", "+备注", "-类型", "@标签"]);
    expect(rows.slice(1).map((row) => row.map(restoreCsvText))).toEqual(stored);
  });

  it("XLSX: the same texts are plain string cells, never formulas", async () => {
    const workbook = await workbookOf(
      await download(app, token, "/api/records/risk/export?fields=title,note,kind,tag&sort=id"),
    );
    const sheet = workbook.worksheets[0]!;
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
      }),
    );
    // XML has no bare CR: line breaks in an .xlsx are LF.
    const lf = stored.map((row) => row.map((text) => text.replace(/\r\n?/g, "\n")));
    expect(sheetRows(sheet, 4)).toEqual([["=标题", "+备注", "-类型", "@标签"], ...lf]);
  });
});

describe("names and errors", () => {
  it("names the file after the object in the user's language, RFC 5987 encoded", async () => {
    const zh = await download(app, adminToken, "/api/records/customer/export?format=xlsx&fields=name");
    expect(zh.headers.get("content-disposition")).toBe(
      `attachment; filename="customer-2026-03-15.xlsx"; filename*=UTF-8''${encodeURIComponent("客户-2026-03-15.xlsx")}`,
    );
    const en = await download(app, adminToken, "/api/records/customer/export?format=csv&fields=name", "en");
    expect(en.headers.get("content-disposition")).toBe(
      "attachment; filename=\"Customer-2026-03-15.csv\"; filename*=UTF-8''Customer-2026-03-15.csv",
    );
    expect(csvOf(en)[0]).toEqual(["name"]);
  });

  it("a bad filter, sort or view is the list API's problem+json, before any file starts", async () => {
    const cases: Array<Record<string, string>> = [
      { filter: JSON.stringify({ nope: { eq: 1 } }) },
      { filter: "{not json" },
      { filter: JSON.stringify({ employees: { contains: 3 } }) },
      { sort: "address" },
    ];
    for (const params of cases) {
      const query = new URLSearchParams(params);
      const listed = await app.admin.get(`/api/records/customer?${query}`);
      expect(listed.status).toBeGreaterThanOrEqual(400);
      for (const format of ["csv", "xlsx"]) {
        const file = await download(
          app,
          adminToken,
          `/api/records/customer/export?format=${format}&${query}`,
          "en",
        );
        expect(file.status).toBe(listed.status);
        expect(file.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(file.headers.get("content-disposition")).toBeNull();
        const { instance: _a, ...problem } = JSON.parse(file.bytes.toString());
        const { instance: _b, ...expected } = listed.body;
        expect(problem).toEqual(expected);
      }
    }
    const missing = await download(
      app,
      adminToken,
      "/api/records/customer/export?view=0190a000-0000-7000-8000-0000000000ff",
    );
    expect(missing.status).toBe(404);
  });
});
