import { describe, expect, it } from "vitest";
import { orderComputedFields } from "./computed-order.ts";

const formula = (key: string, expression: string) => ({
  key,
  content: { type: "formula", config: { expression } },
});
const keys = (items: Array<{ key: string }>) => items.map((item) => item.key);

describe("the apply order of computed fields", () => {
  it("puts a rollup after the formula of another object it sums, although its object comes first", () => {
    const items = [
      formula("quote.total", "SUM(lines.line_total)"),
      formula("quote.margin", "SUM(lines.margin)"),
      formula("quote_line.line_total", "quantity * unit_price"),
      formula("quote_line.margin", "line_total - quantity * unit_cost"),
    ];
    expect(keys(orderComputedFields(items))).toEqual([
      "quote_line.line_total",
      "quote.total",
      "quote_line.margin",
      "quote.margin",
    ]);
  });

  it("keeps the bundle's order where nothing depends; names that go round in a circle come last, as given", () => {
    const independent = [formula("a.x", "b + 1"), formula("a.y", "c * 2")];
    expect(keys(orderComputedFields(independent))).toEqual(["a.x", "a.y"]);
    const circle = [formula("a.x", "y + 1"), formula("a.y", "x + 1"), formula("a.z", "nope(")];
    expect(keys(orderComputedFields(circle))).toEqual(["a.z", "a.x", "a.y"]);
  });
});
