import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { downloadBytes } from "./import.test-support.ts";
import {
  customerApp,
  customers,
  type Mapped,
  salesWorkbook,
  startAndSettle,
  uploadAndInspect,
} from "./sales-workbook.test-support.ts";

const env = customerApp();

const NAMES = ["报甲", "报乙", "报丙", "报丁", "报戊", "报己", "报庚"];

describe("a problem report the user can act on", () => {
  let id: string;
  let inspect: { sheet: string; header_row: number; suggestions: Mapped[] };
  let mapping: Mapped[];

  it("groups the problems by column and reason, naming the header, with counts", async () => {
    const bytes = await salesWorkbook([
      ["客户名称", "客户级别", "手机", "年采购额(万元)"],
      ["报甲", "A", "13800138000", 1],
      ["报乙", "Z类", null, 2],
      ["报丙", "Z类", "1669114", "abc"],
      [null, "b", null, 3],
      ["报丁", "Y类", null, 4],
      ["报戊", "B", "021-55556666", new Date(Date.UTC(2026, 2, 5))],
      ["报己", "A", "+86 13900139000", "5万"],
    ]);
    ({ id, inspect } = await uploadAndInspect(env.app.admin, bytes));
    mapping = inspect.suggestions.map((s) => ({ column: s.column, field: s.field }));
    expect(mapping.map((m) => m.field)).toEqual(["name", "tier", "mobile", "purchases"]);
    const checked = await startAndSettle(env.app.admin, id, "dry-run", inspect, { mapping });
    expect(checked.dry_run).toEqual({ created: 2, updated: 0, skipped: 0, failed: 5 });
    env.app.admin.locale = "zh-CN";
    const problems = await env.app.admin.get(`/api/imports/${id}/problems`);
    env.app.admin.locale = "en";
    expect(problems.status, problems.text).toBe(200);
    expect(problems.body.phase).toBe("dry_run");
    const groups = problems.body.groups.map((g: Record<string, unknown>) => [
      g.column,
      g.header,
      g.code,
      g.count,
    ]);
    expect(groups).toEqual([
      ["B", "客户级别", "unknown_option", 3],
      ["D", "年采购额(万元)", "invalid_amount", 2],
      ["A", "客户名称", "required", 1],
      ["C", "手机", "phone_unrecognised", 1],
    ]);
    expect(problems.body.groups[0]).toEqual({
      column: "B",
      header: "客户级别",
      field: "tier",
      code: "unknown_option",
      level: "error",
      count: 3,
      rows: 3,
      values: ["Z类", "Z类", "Y类"],
      message: "“Z类”不是可选项（可选：A、B、重点），可在“值对应”中为它选择一项",
    });
    const page = await env.app.admin.get(
      `/api/imports/${id}/errors?column=B&code=unknown_option&limit=2&offset=1`,
    );
    expect(page.body.total).toBe(3);
    expect(page.body.errors.map((e: Record<string, unknown>) => [e.row, e.header, e.value])).toEqual([
      [5, "客户级别", "Z类"],
      [7, "客户级别", "Y类"],
    ]);
  });

  it("downloads the failed rows as written, with a reason column, and they import cleanly once fixed", async () => {
    const done = await startAndSettle(env.app.admin, id, "run", inspect, { mapping });
    expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, failed: 5 });
    const bytes = await downloadBytes(
      `${env.app.url}/api/imports/${id}/errors?phase=run&format=xlsx`,
      env.app.admin,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ["客户名称", "客户级别", "手机", "年采购额(万元)", "导入问题"],
      [
        "报乙",
        "Z类",
        undefined,
        2,
        "客户级别：“Z类”不是可选项（可选：A、B、重点），可在“值对应”中为它选择一项",
      ],
      [
        "报丙",
        "Z类",
        "1669114",
        "abc",
        expect.stringMatching(
          /^客户级别：“Z类”不是可选项.*；手机：“1669114”不像电话号码.*；年采购额\(万元\)：不是金额/,
        ),
      ],
      [undefined, "b", undefined, 3, "客户名称：此项为必填项"],
      ["报丁", "Y类", undefined, 4, expect.stringContaining("“Y类”不是可选项")],
      [
        "报戊",
        "B",
        "021-55556666",
        new Date(Date.UTC(2026, 2, 5)),
        expect.stringContaining("年采购额(万元)："),
      ],
    ]);
    // fixed in Excel: the tiers, the phone, the amount and the missing name; the reason column stays
    ws.getCell("B2").value = "A";
    ws.getCell("B3").value = "B";
    ws.getCell("C3").value = "13700137000";
    ws.getCell("D3").value = 7;
    ws.getCell("A4").value = "报庚";
    ws.getCell("B5").value = "重点";
    ws.getCell("D6").value = "8万";
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    const again = await uploadAndInspect(env.app.admin, fixed);
    expect(again.inspect.header_row).toBe(1);
    expect(again.inspect.suggestions.map((s: Mapped) => s.field)).toEqual([
      "name",
      "tier",
      "mobile",
      "purchases",
      null,
    ]);
    const redo = again.inspect.suggestions.map((s: Mapped) => ({ column: s.column, field: s.field }));
    const reimported = await startAndSettle(env.app.admin, again.id, "run", again.inspect, { mapping: redo });
    expect(reimported.counts).toEqual({ created: 5, updated: 0, skipped: 0, failed: 0 });
    const all = await customers(env.app.admin, NAMES, ["tier", "mobile", "purchases"]);
    expect(all).toHaveLength(7);
    expect(all.find((c: Record<string, unknown>) => c.name === "报丙")).toEqual({
      name: "报丙",
      tier: "b",
      mobile: "13700137000",
      purchases: { amount: "70000.00", currency: "CNY" },
    });
  });
});
