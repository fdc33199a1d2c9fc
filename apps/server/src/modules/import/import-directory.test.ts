import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { settle, upload } from "./import.test-support.ts";

// Department and address columns: departments by name or path, one lookup per column per batch; addresses
// parsed into division codes, with a clear problem for an unknown province or city.

let app: TestApp;
const dept: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  const department = async (key: string, name: string, parent?: string) => {
    const r = await app.admin.post("/api/org/departments", {
      name,
      ...(parent ? { parent_id: parent } : {}),
    });
    expect(r.status, r.text).toBe(201);
    dept[key] = r.body.id;
  };
  await department("hq", "总部");
  await department("sales", "销售部", dept.hq);
  await department("market", "市场部", dept.hq);
  await department("salesSouth", "华南组", dept.sales);
  await department("marketSouth", "华南组", dept.market);
  await createObject(app.admin, "lead", "线索", "Lead");
  await addField(app.admin, "lead", { api_name: "name", type: "text", labels: label("名称", "Name") });
  await addField(app.admin, "lead", { api_name: "team", type: "department", labels: label("部门", "Team") });
  await addField(app.admin, "lead", {
    api_name: "helpers",
    type: "department",
    config: { multiple: true },
    labels: label("协作部门", "Helpers"),
  });
  await addField(app.admin, "lead", {
    api_name: "address",
    type: "address",
    labels: label("地址", "Address"),
  });
});
afterAll(() => app?.close());

const CSV = [
  "名称,部门,协作部门,地址",
  "甲,销售部/华南组,销售部、市场部,广东省深圳市南山区 科技园1号",
  "乙,华南组,,火星省某地",
  "丙,不存在的部门,,广东省火星市",
  "丁,总部 > 市场部 > 华南组,市场部,北京市朝阳区",
].join("\r\n");

describe("importing departments and addresses", () => {
  it("resolves departments by name or path in one query per column, and parses addresses", async () => {
    const uploaded = await upload(app.admin, "lead", "线索.csv", Buffer.from(CSV));
    expect(uploaded.status, uploaded.text).toBe(201);
    const id = uploaded.body.id;
    const inspect = await app.admin.get(`/api/imports/${id}/inspect`);
    expect(inspect.body.suggestions.map((s: { field: string | null }) => s.field)).toEqual([
      "name",
      "team",
      "helpers",
      "address",
    ]);
    app.queries.length = 0;
    const run = await app.admin.post(`/api/imports/${id}/run`, {
      sheet: "CSV",
      header_row: 1,
      mapping: ["name", "team", "helpers", "address"].map((field, i) => ({
        column: String.fromCharCode(65 + i),
        field,
      })),
    });
    expect(run.status, run.text).toBe(202);
    const done = await settle(app.admin, id);
    expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, failed: 2 });
    // one lookup per department column for the batch (the write pipeline then checks the ids it got)
    const lookups = app.queries.filter((q) => /"departments" where "name" in/i.test(q));
    expect(lookups).toHaveLength(2);
    const records = (await app.admin.get("/api/records/lead?sort=name&fields=name,team,helpers,address")).body
      .records;
    expect(records.map((r: Record<string, unknown>) => [r.name, r.team, r.helpers, r.address])).toEqual([
      [
        "丁",
        dept.marketSouth,
        [dept.market],
        { province: "110000", city: "110100", district: "110105", detail: null },
      ],
      [
        "甲",
        dept.salesSouth,
        [dept.sales, dept.market],
        { province: "440000", city: "440300", district: "440305", detail: "科技园1号" },
      ],
    ]);

    const report = async (locale: string) => {
      app.admin.locale = locale;
      const r = await app.admin.get(`/api/imports/${id}/errors`);
      app.admin.locale = "en";
      return r.body.errors.map((e: Record<string, unknown>) => [e.row, e.column, e.code, e.message]);
    };
    expect(await report("en")).toEqual([
      [
        3,
        "B",
        "department_ambiguous",
        "2 departments are named “华南组”; add the parent department, as in “Head office/华南组”",
      ],
      [
        3,
        "D",
        "address_unknown_province",
        "The address “火星省某地” must start with a province (as in “广东省深圳市南山区 科技园1号”) or, abroad, a country (as in “Japan, 1-1 Marunouchi…”)",
      ],
      [4, "B", "department_not_found", "No department named “不存在的部门”"],
      [4, "D", "address_unknown_city", "No city of 广东省 at “火星市”"],
    ]);
    expect((await report("zh-CN")).map((e: unknown[]) => e[3])).toEqual([
      "有 2 个部门叫“华南组”，请写出上级部门，如“总部/华南组”",
      "地址“火星省某地”应以省份开头（如“广东省深圳市南山区 科技园1号”），境外地址以国家开头（如“日本 東京都…”）",
      "找不到部门“不存在的部门”",
      "在广东省中找不到城市“火星市”",
    ]);
  });
});
