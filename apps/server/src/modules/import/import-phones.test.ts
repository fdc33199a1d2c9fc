import { describe, expect, it } from "vitest";
import { normalizePhone } from "./coerce-phone.ts";
import {
  customerApp,
  customers,
  salesWorkbook,
  startAndSettle,
  uploadAndInspect,
} from "./sales-workbook.test-support.ts";

const env = customerApp();

describe("phone numbers", () => {
  it("normalise Chinese mobiles, landlines with area codes, +86 and service numbers", () => {
    const cases: Array<[string, string | null]> = [
      ["13800138000", "13800138000"],
      ["138 0013 8000", "13800138000"],
      ["+86 138-0013-8000", "13800138000"],
      ["0086 13800138000", "13800138000"],
      ["+86 10 8888 0000", "010-88880000"],
      ["010-8888 0000", "010-88880000"],
      ["(0755)2666 8888", "0755-26668888"],
      ["0571-8765432", "0571-8765432"],
      ["021 5555 6666 转 123", "021-55556666-123"],
      ["400-810-8888", "400-810-8888"],
      ["＋１ 415 555 2671", "+14155552671"],
      ["1669114", null],
      ["8888 0000", null],
      ["12345678901", null],
      ["010-123", null],
      ["电话待补", null],
    ];
    for (const [text, phone] of cases) expect(normalizePhone(text), text).toBe(phone);
  });

  it("flags numbers of no known form in the dry run; they are imported as written only when accepted", async () => {
    const bytes = await salesWorkbook([
      ["客户名称", "手机"],
      ["电甲", 13800138000],
      ["电乙", "+86 139 0013 9000"],
      ["电丙", "1669114"],
      ["电丁", "(0755)2666 8888"],
    ]);
    const { id, inspect } = await uploadAndInspect(env.app.admin, bytes);
    const mapping = [
      { column: "A", field: "name" },
      { column: "B", field: "mobile" },
    ];
    const checked = await startAndSettle(env.app.admin, id, "dry-run", inspect, { mapping });
    expect(checked.dry_run).toEqual({ created: 3, updated: 0, skipped: 0, failed: 1 });
    expect(checked.warnings.dry_run).toEqual({ rows: 1, columns: [] });
    const report = await env.app.admin.get(`/api/imports/${id}/errors?phase=dry_run`);
    expect(report.body.errors).toEqual([
      expect.objectContaining({
        row: 5,
        column: "B",
        value: "1669114",
        code: "phone_unrecognised",
        level: "warning",
      }),
    ]);
    const accepted = await startAndSettle(env.app.admin, id, "dry-run", inspect, {
      mapping,
      accept_warnings: true,
    });
    expect(accepted.dry_run).toEqual({ created: 4, updated: 0, skipped: 0, failed: 0 });
    const done = await startAndSettle(env.app.admin, id, "run", inspect, { mapping, accept_warnings: true });
    expect(done.counts).toEqual({ created: 4, updated: 0, skipped: 0, failed: 0 });
    expect(done.warnings.run.rows).toBe(1);
    expect(await customers(env.app.admin, ["电甲", "电乙", "电丙", "电丁"], ["mobile"])).toEqual([
      { name: "电丁", mobile: "0755-26668888" },
      { name: "电丙", mobile: "1669114" },
      { name: "电乙", mobile: "13900139000" },
      { name: "电甲", mobile: "13800138000" },
    ]);
  });
});
