import { describe, expect, it } from "vitest";
import { label } from "../../test/fixtures.ts";
import {
  customerApp,
  customers,
  salesWorkbook,
  startAndSettle,
  uploadAndInspect,
} from "./sales-workbook.test-support.ts";

const env = customerApp();

describe("small points of a real workbook", () => {
  it("a HYPERLINK formula gives a URL field its address and a text field its text", async () => {
    const link = { formula: 'HYPERLINK("https://example.cn/about","官网")', result: "官网" };
    const bytes = await salesWorkbook([
      ["客户名称", "官网", "备注"],
      ["链甲", link, link],
      ["链乙", "https://example.com/", "=not a formula"],
    ]);
    const { id, inspect } = await uploadAndInspect(env.app.admin, bytes);
    expect(inspect.samples[0].cells).toEqual(["链甲", "官网", "官网"]);
    const mapping = [
      { column: "A", field: "name" },
      { column: "B", field: "website" },
      { column: "C", field: "notes" },
    ];
    const done = await startAndSettle(env.app.admin, id, "run", inspect, { mapping });
    expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, failed: 0 });
    expect(await customers(env.app.admin, ["链甲", "链乙"], ["website", "notes"])).toEqual([
      { name: "链乙", website: "https://example.com/", notes: "=not a formula" },
      { name: "链甲", website: "https://example.cn/about", notes: "官网" },
    ]);
  });

  it("an option value typed as A is kept as a, not refused", async () => {
    const response = await env.app.admin.post("/api/meta/objects/customer/fields", {
      api_name: "grade",
      type: "single_select",
      labels: label("等级", "Grade"),
      config: { options: [{ value: "A", labels: label("A", "A") }] },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body.config.options).toEqual([{ value: "a", labels: label("A", "A") }]);
  });
});
