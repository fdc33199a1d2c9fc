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

const money = (amount: string) => ({ amount, currency: "CNY" });

describe("units in headers", () => {
  it("finds 万元 in the header, applies it to plain numbers, keeps a cell's own unit, flags other units", async () => {
    const bytes = await salesWorkbook([
      ["客户名称", "年采购额(万元)", "员工数（千）"],
      ["单位甲", "104万", 1.5],
      ["单位乙", 216.7, "2k"],
      ["单位丙", "1,040,000元", "800"],
    ]);
    const { id, inspect, upload } = await uploadAndInspect(env.app.admin, bytes);
    // three data rows: the merged title row above the header is not counted
    expect(upload.sheets).toEqual([{ name: "客户", rows: 3 }]);
    expect(inspect.header_row).toBe(2);
    expect(inspect.suggestions).toEqual([
      { column: "A", header: "客户名称", field: "name", source: "label" },
      {
        column: "B",
        header: "年采购额(万元)",
        field: "purchases",
        source: "label",
        unit: "ten_thousand",
        unit_text: "万元",
      },
      {
        column: "C",
        header: "员工数（千）",
        field: "headcount",
        source: "label",
        unit: "thousand",
        unit_text: "千",
      },
    ]);
    // the mapping as the client sends it, without units: the header's unit applies
    const mapping = inspect.suggestions.map((s: Mapped) => ({ column: s.column, field: s.field }));
    env.app.admin.locale = "zh-CN";
    const checked = await startAndSettle(env.app.admin, id, "dry-run", inspect, { mapping });
    env.app.admin.locale = "en";
    expect(checked.status).toBe("validated");
    expect(checked.settings.mapping).toEqual([
      { column: "A", field: "name" },
      { column: "B", field: "purchases", unit: "ten_thousand" },
      { column: "C", field: "headcount", unit: "thousand" },
    ]);
    expect(checked.dry_run).toEqual({ created: 3, updated: 0, skipped: 0, failed: 0 });
    // 1,040,000元 under 年采购额(万元) is read as written, and the column is flagged; so is C's 2k
    expect(checked.warnings.dry_run.columns).toEqual([
      {
        column: "B",
        header: "年采购额(万元)",
        code: "amount_unit_mixed",
        count: 1,
        params: { unit: "ten_thousand", units: "one" },
        message: expect.stringContaining("1 个数字自带的单位（元）与此列的单位（万）不同"),
      },
    ]);
    const done = await startAndSettle(env.app.admin, id, "run", inspect, { mapping });
    expect(done.status).toBe("completed");
    expect(
      await customers(env.app.admin, ["单位甲", "单位乙", "单位丙"], ["purchases", "headcount"]),
    ).toEqual([
      { name: "单位丙", purchases: money("1040000.00"), headcount: 800_000 },
      { name: "单位乙", purchases: money("2167000.00"), headcount: 2000 },
      { name: "单位甲", purchases: money("1040000.00"), headcount: 1500 },
    ]);
  });

  it("takes the unit the user chose over the header's", async () => {
    const bytes = await salesWorkbook([
      ["客户名称", "年采购额/万"],
      ["单位丁", 216.7],
    ]);
    const { id, inspect } = await uploadAndInspect(env.app.admin, bytes);
    expect(inspect.suggestions[1]).toMatchObject({
      field: "purchases",
      unit: "ten_thousand",
      unit_text: "万",
    });
    const mapping = [
      { column: "A", field: "name" },
      { column: "B", field: "purchases", unit: "one" },
    ];
    const done = await startAndSettle(env.app.admin, id, "run", inspect, { mapping });
    expect(done.counts, JSON.stringify(inspect)).toEqual({ created: 1, updated: 0, skipped: 0, failed: 0 });
    expect(done.settings.mapping[1]).toEqual({ column: "B", field: "purchases", unit: "one" });
    expect(await customers(env.app.admin, ["单位丁"], ["purchases"])).toEqual([
      { name: "单位丁", purchases: money("216.70") },
    ]);
  });

  it("flags a column without a unit whose cells mix 104万 and plain numbers, never guessing", async () => {
    const bytes = await salesWorkbook([
      ["客户名称", "年采购额", "员工数 $k"],
      ["单位戊", "104万", 3],
      ["单位己", 216.7, 4],
      ["单位庚", 88, 5],
    ]);
    const { id, inspect } = await uploadAndInspect(env.app.admin, bytes);
    expect(inspect.suggestions[1]).toEqual({
      column: "B",
      header: "年采购额",
      field: "purchases",
      source: "label",
    });
    expect(inspect.suggestions[2]).toMatchObject({ field: "headcount", unit: "thousand", unit_text: "$k" });
    const mapping = inspect.suggestions.map((s: Mapped) => ({ column: s.column, field: s.field }));
    const checked = await startAndSettle(env.app.admin, id, "dry-run", inspect, { mapping });
    expect(checked.warnings.dry_run.columns).toEqual([
      expect.objectContaining({
        column: "B",
        code: "amount_unit_ambiguous",
        count: 2,
        params: { units: "ten_thousand", with_unit: 1 },
      }),
    ]);
    expect(checked.warnings.dry_run.columns[0].message).toContain("2 numbers have no unit while 1 others");
  });

  it("refuses a unit on a column that holds no amount", async () => {
    const bytes = await salesWorkbook([["客户名称"], ["单位辛"]]);
    const { id, inspect } = await uploadAndInspect(env.app.admin, bytes);
    const response = await env.app.admin.post(`/api/imports/${id}/dry-run`, {
      sheet: inspect.sheet,
      header_row: inspect.header_row,
      mapping: [{ column: "A", field: "name", unit: "ten_thousand" }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: "mapping.0.unit", code: "unsupported_field" }),
    ]);
  });
});
