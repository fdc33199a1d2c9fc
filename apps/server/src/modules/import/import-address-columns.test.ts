import { describe, expect, it } from "vitest";
import {
  customerApp,
  customers,
  type Mapped,
  salesWorkbook,
  startAndSettle,
  uploadAndInspect,
} from "./sales-workbook.test-support.ts";

const env = customerApp();

const address = (province: string, city: string | null, district: string | null, detail: string | null) => ({
  province,
  city,
  district,
  detail,
});

describe("one address field from several columns", () => {
  it("suggests the parts for 所在省份 / 城市 / 区县 / 详细地址 and builds one address from them", async () => {
    const bytes = await salesWorkbook([
      ["单位名称", "所在省份", "城市", "区县", "详细地址"],
      ["址甲", "广东省", "深圳市", "南山区", "科技园1号"],
      ["址乙", "广东", "深圳", null, "宝安大道100号"],
      ["址丙", "北京市", null, "朝阳区", null],
      ["址丁", "浙江", null, null, null],
      ["址戊", "广东", "杭州", null, null],
      ["址己", null, null, null, null],
    ]);
    const { id, inspect } = await uploadAndInspect(env.app.admin, bytes);
    expect(inspect.suggestions.map((s: Mapped) => [s.header, s.field, s.source])).toEqual([
      ["单位名称", "name", "synonym"],
      ["所在省份", "region__province", "synonym"],
      ["城市", "region__city", "synonym"],
      ["区县", "region__district", "synonym"],
      ["详细地址", "region__street", "synonym"],
    ]);
    expect(inspect.fields).toContainEqual({
      api_name: "region__province",
      type: "address_part",
      labels: { "zh-CN": "所在地区（省份）", en: "Region (province)" },
      required: false,
    });
    const mapping = inspect.suggestions.map((s: Mapped) => ({ column: s.column, field: s.field }));
    const done = await startAndSettle(env.app.admin, id, "run", inspect, { mapping });
    expect(done.counts).toEqual({ created: 5, updated: 0, skipped: 0, failed: 1 });
    const report = await env.app.admin.get(`/api/imports/${id}/errors?phase=run`);
    expect(
      report.body.errors.map((e: Record<string, unknown>) => [e.row, e.column, e.value, e.code]),
    ).toEqual([[7, "B", "广东 杭州", "address_unknown_city"]]);
    expect(await customers(env.app.admin, ["址甲", "址乙", "址丙", "址丁", "址己"], ["region"])).toEqual([
      { name: "址丁", region: address("330000", null, null, null) },
      { name: "址丙", region: address("110000", "110100", "110105", null) },
      { name: "址乙", region: address("440000", "440300", null, "宝安大道100号") },
      { name: "址己", region: null },
      { name: "址甲", region: address("440000", "440300", "440305", "科技园1号") },
    ]);
  });

  it("takes a whole-address column as today, and as the detail after a province column", async () => {
    const bytes = await salesWorkbook([
      ["客户名称", "省份", "地址"],
      ["址庚", "广东", "深圳市南山区科技园2号"],
      ["址辛", null, "广东省深圳市南山区 科技园3号"],
      ["址壬", "广东", "广东省深圳市 科技园4号"],
    ]);
    const { id, inspect } = await uploadAndInspect(env.app.admin, bytes);
    expect(inspect.suggestions.map((s: Mapped) => s.field)).toEqual(["name", "region__province", "region"]);
    const mapping = inspect.suggestions.map((s: Mapped) => ({ column: s.column, field: s.field }));
    const done = await startAndSettle(env.app.admin, id, "run", inspect, { mapping });
    expect(done.counts).toEqual({ created: 3, updated: 0, skipped: 0, failed: 0 });
    expect(await customers(env.app.admin, ["址庚", "址辛", "址壬"], ["region"])).toEqual([
      { name: "址壬", region: address("440000", "440300", null, "科技园4号") },
      { name: "址庚", region: address("440000", "440300", "440305", "科技园2号") },
      { name: "址辛", region: address("440000", "440300", "440305", "科技园3号") },
    ]);
  });
});
