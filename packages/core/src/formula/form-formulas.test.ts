import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "../metadata/definitions.ts";
import { type FormObject, planFormFormulas } from "./form-formulas.ts";

type Field = Pick<FieldDefinition, "apiName" | "type" | "hidden" | "config">;
const field = (apiName: string, type: Field["type"], config: Field["config"] = {}): Field => ({
  apiName,
  type,
  hidden: false,
  config,
});
const formula = (apiName: string, expression: string, result_type: "number" | "currency" | "text") =>
  field(apiName, "formula", { expression, result_type });

const labels = { "zh-CN": "列表", en: "List" };
const objects: FormObject[] = [
  {
    apiName: "quote",
    fields: [
      field("title", "text"),
      field("discount", "percent"),
      field("account", "relation", {
        relation: {
          target: "account",
          cardinality: "many_to_one",
          inverse_name: "quotes",
          inverse_labels: labels,
        },
      }),
      formula("total", "subtotal * (1 - discount / 100)", "currency"),
      formula("subtotal", "SUM(line_items.amount)", "currency"),
      formula("lines", "COUNT(line_items)", "number"),
      formula("heading", 'title & " / " & account.name', "text"),
      formula("payments_due", "SUM(payments.amount)", "currency"),
      field("valid_until", "date"),
      formula("days_left", "valid_until - TODAY()", "number"),
      formula("created_year", "YEAR(created_at)", "number"),
    ],
  },
  {
    apiName: "line_item",
    fields: [
      field("product", "text"),
      field("quantity", "number"),
      field("unit_price", "currency"),
      field("quote", "relation", {
        relation: {
          target: "quote",
          cardinality: "many_to_one",
          inverse_name: "line_items",
          inverse_labels: labels,
        },
      }),
      formula("amount", "quantity * unit_price", "currency"),
      formula("label", 'product & " @ " & quote.title', "text"),
    ],
  },
  {
    apiName: "payment",
    fields: [
      field("amount", "currency"),
      field("quote", "relation", {
        relation: {
          target: "quote",
          cardinality: "many_to_one",
          inverse_name: "payments",
          inverse_labels: labels,
        },
      }),
    ],
  },
  { apiName: "account", fields: [field("name", "text")] },
];

const context = { now: new Date("2026-03-15T02:00:00Z"), today: "2026-03-15", timeZone: "Asia/Shanghai" };
const plan = planFormFormulas(objects, "quote", [{ name: "line_items", object: "line_item" }], context);

describe("live formulas of a form with a sub-form", () => {
  it("computes only what reads the form's own values and sub-form rows, in dependency order", () => {
    expect(plan.record).toEqual(["subtotal", "lines", "total"]);
    expect(plan.lists).toEqual({ line_items: ["amount"] });
  });

  it("aggregates over the rows, a child formula included, as the user types", () => {
    const rows = [
      { product: "bolt", quantity: 100, unit_price: { amount: "0.50", currency: "CNY" } },
      { product: "nut", quantity: 3, unit_price: "1.25" },
    ];
    const first = plan.compute({ title: "Q", discount: 10 }, { line_items: rows });
    expect(first.rows.line_items).toEqual([{ amount: "50.00" }, { amount: "3.75" }]);
    expect(first.record).toEqual({ subtotal: "53.75", lines: 2, total: "48.375" });
    const typed = plan.compute(
      { title: "Q", discount: 10 },
      { line_items: [...rows, { product: "washer", quantity: 10, unit_price: "0.1" }] },
    );
    expect(typed.record).toMatchObject({ subtotal: "54.75", lines: 3 });
  });

  it("treats blank inputs as BLANK and skips a formula whose input does not fit its type yet", () => {
    const result = plan.compute({ discount: "1." }, { line_items: [{ quantity: null, unit_price: "2" }] });
    expect(result.rows.line_items).toEqual([{ amount: null }]);
    expect(result.record).toEqual({ subtotal: "0.00", lines: 1 });
  });

  it("has nothing live without the sub-form on the form", () => {
    expect(planFormFormulas(objects, "quote", [], context).record).toEqual([]);
  });
});
