import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { columnsStoredAsSent } from "./stored-as-sent.ts";

// A create answers the records from what it sent where the table stores values unchanged, and from the table
// otherwise (stored-as-sent.ts). Whatever the path, the answer must be what a later read gives.

let app: TestApp;
type Rec = Record<string, unknown>;
const ids: Record<string, string> = {};
const option = (value: string) => ({ value, labels: label(value, value) });

const FIELDS: Rec[] = [
  { api_name: "name", type: "text", required: true },
  { api_name: "notes", type: "long_text" },
  { api_name: "profile", type: "rich_text" },
  { api_name: "seats", type: "number" },
  { api_name: "ratio", type: "number", config: { scale: 2 } },
  { api_name: "revenue", type: "currency" },
  { api_name: "rate", type: "percent" },
  { api_name: "founded", type: "date" },
  { api_name: "visited", type: "datetime" },
  { api_name: "vip", type: "boolean" },
  { api_name: "tier", type: "single_select", config: { options: [option("a"), option("b_c")] } },
  { api_name: "tags", type: "multi_select", config: { options: [option("x"), option("y_z")] } },
  { api_name: "email", type: "email" },
  { api_name: "phone", type: "phone" },
  { api_name: "website", type: "url" },
  { api_name: "manager", type: "user" },
  {
    api_name: "company",
    type: "relation",
    config: {
      relation: {
        target: "company",
        cardinality: "many_to_one",
        inverse_name: "specimens",
        inverse_labels: label("样本", "Specimens"),
      },
    },
  },
  { api_name: "department", type: "department" },
  { api_name: "teams", type: "department", config: { multiple: true } },
  { api_name: "address", type: "address" },
  { api_name: "code", type: "auto_number" },
];

const TRICKY = `it's "引号" \\ $$ \t tab\nline 🚀 \u00e9\u0301 ﹏`;

function specimens(): Rec[] {
  return [
    {
      name: TRICKY,
      notes: "第一行\r\n第二行\\n不是换行",
      profile: "<p>粗体 <b>b</b> &amp; 🙂</p>",
      seats: 9007199254740991,
      ratio: 0.1,
      revenue: { amount: "1234.5", currency: "USD" },
      rate: 12.5,
      founded: "2026-02-28",
      visited: "2026-03-05T06:30:15.123+08:00",
      vip: true,
      tier: "b_c",
      tags: ["y_z", "x"],
      email: "Deal@Example.CN",
      phone: "+86 138 0013 8000",
      website: "https://example.cn/a?b=1&c=%20",
      manager: ids.user,
      company: ids.company,
      department: ids.sales,
      teams: [ids.sales, ids.rnd],
      address: { province: "440000", city: "440300", district: "440305", detail: "科技园1号" },
    },
    { name: "负数与零", seats: -9007199254740991, ratio: -0.5, rate: 0, founded: "1000-01-01", vip: false },
    { name: "零", seats: 0, tags: [], teams: [] },
    { name: "空值", notes: null, seats: null, founded: null, tier: null, manager: null, company: null },
    { name: "  前后空格  ", notes: "", email: "a@b.cn" },
  ];
}

beforeAll(async () => {
  app = await startTestApp();
  ids.user = (await app.admin.get("/api/auth/me")).body.user.id;
  for (const [key, name] of [
    ["sales", "销售部"],
    ["rnd", "研发部"],
  ] as const) {
    const r = await app.admin.post("/api/org/departments", { name });
    expect(r.status, r.text).toBe(201);
    ids[key] = r.body.id ?? r.body.department?.id;
  }
  await createObject(app.admin, "company", "公司", "Company");
  await addField(app.admin, "company", { api_name: "name", type: "text", required: true });
  ids.company = (await app.admin.post("/api/records/company", { name: "腾讯" })).body.id;
  await createObject(app.admin, "specimen", "样本", "Specimen");
  for (const field of FIELDS)
    await addField(app.admin, "specimen", {
      labels: label(String(field.api_name), String(field.api_name)),
      ...field,
    });
});
afterAll(() => app?.close());

describe("a create's answer is what a read gives", () => {
  it("for every field type, in a bulk call and one at a time", async () => {
    const bulk = await app.admin.post("/api/records/specimen/bulk", { records: specimens() });
    expect(bulk.status, bulk.text).toBe(201);
    const single = await app.admin.post("/api/records/specimen", specimens()[0]);
    expect(single.status, single.text).toBe(201);
    const answered: Rec[] = [...bulk.body.records, single.body];
    expect(answered).toHaveLength(6);
    for (const record of answered) {
      const read = await app.admin.get(`/api/records/specimen/${record.id}`);
      expect(read.status).toBe(200);
      expect(record).toStrictEqual(read.body);
    }
    // The values went through as sent where the table keeps them so.
    expect(answered[0]).toMatchObject({ name: TRICKY, seats: 9007199254740991, founded: "2026-02-28" });
    expect(answered[1]).toMatchObject({ seats: -9007199254740991, founded: "1000-01-01", vip: false });
  });
});

describe("columnsStoredAsSent", () => {
  const columns = ["t", "n", "d", "l", "u", "m", "c", "i", "j"];
  const types = [
    "text",
    "bigint",
    "date",
    "text[]",
    "uuid",
    "numeric",
    "numeric(18,2)",
    "timestamptz",
    "jsonb",
  ];
  const exact = {
    t: "a",
    n: "-12",
    d: "2026-01-02",
    l: ["a"],
    u: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    m: "1.50",
    c: "3.10",
    i: new Date("2026-01-02T03:04:05.678Z"),
    j: { b: 1, a: 2 },
  };
  const kept = (values: Record<string, unknown>[]) => [...columnsStoredAsSent(columns, types, values).keys()];

  it("keeps the columns whose every value reads back unchanged, and says how whole numbers read", () => {
    expect(kept([exact, {}, { t: null }])).toEqual(["t", "n", "d", "l", "u", "m", "c", "i"]);
    expect(columnsStoredAsSent(["n"], ["bigint"], [{ n: "-12" }]).get("n")?.("-12")).toBe(-12);
  });

  it("reads back a column with one value the table would change or the driver read otherwise", () => {
    const odd = {
      t: 1,
      n: "007",
      d: "20260102",
      l: [1],
      u: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B",
      m: "-0.0",
      c: "3.105",
      i: "2026-01-02T03:04:05Z",
    };
    expect(kept([exact, odd])).toEqual([]);
    expect(kept([{ n: String(2 ** 53) }, { c: "3.1" }, { m: "01.5" }])).toEqual(["t", "d", "l", "u", "i"]);
    expect(kept([{ n: -0 }])).not.toContain("n");
  });
});
