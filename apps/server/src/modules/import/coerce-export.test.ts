import type { FieldDefinition } from "@keduo/core";
import { describe, expect, it } from "vitest";
import { neutraliseCsvText } from "../export/index.ts";
import { choiceRules, coerceMultiSelect } from "./coerce-choices.ts";
import { coerceDatetime } from "./coerce-dates.ts";
import { coerceCurrencyCode, coercePercent, coerceText } from "./coerce-values.ts";
import { suggestMapping } from "./mapping-suggest.ts";
import { OptionMatcher } from "./option-matcher.ts";
import { type BoundColumn, type ConvertDeps, convertRows } from "./row-converter.ts";
import { normalizeHeader } from "./synonyms.ts";
import type { Cell, FileFormat } from "./table-source.ts";

// What the import does with each thing Keduo's export writes (export/README.md "Column conventions").

const field = (apiName: string, type: string, config: Record<string, unknown> = {}, zh = apiName) =>
  ({ apiName, type, config, labels: { "zh-CN": zh, en: apiName } }) as unknown as FieldDefinition;

const industries = field("industries", "multi_select", {
  options: [
    { value: "moto", labels: { "zh-CN": "汽车、摩托", en: "Cars, bikes" } },
    { value: "med", labels: { "zh-CN": "医疗", en: "Medical" } },
    { value: "none", labels: { "zh-CN": "-无-", en: "-none-" } },
  ],
});
const value = (r: { ok: boolean; value?: unknown }) => (r.ok ? r.value : "✗");

async function convert(fields: FieldDefinition[], cells: Cell[], format?: FileFormat, part?: number) {
  const columns: BoundColumn[] = fields.map((f, index) => ({
    index,
    letter: String.fromCharCode(65 + index),
    field: f,
    lookup: "",
    unit: "one" as const,
    values: null,
    matcher: f.config.options ? new OptionMatcher(f.config.options) : null,
    ...(index === part ? { part: "currency" as const } : {}),
  }));
  // No column here needs a lookup, so the lookup dependencies are never called.
  const deps = { timeZone: "Asia/Shanghai", locale: "zh-CN", ...(format ? { format } : {}) } as ConvertDeps;
  return convertRows([{ number: 2, cells }], columns, deps);
}

describe("reversing what the export writes", () => {
  it("CSV text loses exactly the export's formula escape; workbook text is taken as written", async () => {
    const texts = [
      "=SUM(1)",
      "+86 10",
      "-5 apples",
      "@home",
      "＝全角",
      "'quoted",
      "''",
      "\u0007bell",
      "it's",
    ];
    const fields = texts.map((_, i) => field(`t${i}`, "text"));
    const csv = await convert(fields, texts.map(neutraliseCsvText), "csv");
    expect(Object.values(csv.inputs[0]!.values)).toEqual(texts);
    // A CSV the export did not write: a leading ' before a letter is the user's own.
    expect((await convert([field("t", "text")], ["'hello"], "csv")).inputs[0]!.values).toEqual({
      t: "'hello",
    });
    // The export never prefixes workbook text, so a workbook's '= is a real apostrophe.
    expect((await convert([field("t", "text")], ["'=x"], "xlsx")).inputs[0]!.values).toEqual({ t: "'=x" });
  });

  it("escaped labels and numbers in a CSV: the option is found, a negative number is not text", async () => {
    const number = field("n", "number");
    const converted = await convert([industries, number], [neutraliseCsvText("-无-"), "-5"], "csv");
    expect(converted.inputs[0]!.values).toEqual({ industries: ["none"], n: "-5" });
  });

  it("multi-line text keeps its leading tab and line breaks; single-line text is trimmed", async () => {
    const converted = await convert(
      [field("notes", "long_text"), field("name", "text")],
      [neutraliseCsvText("\tindented\r\nsecond line "), " 张三 "],
      "csv",
    );
    expect(converted.inputs[0]!.values).toEqual({ notes: "\tindented\r\nsecond line ", name: "张三" });
    expect(value(coerceText("\tx ", { keepSpaces: true }))).toBe("\tx ");
    expect(value(coerceText("\tx "))).toBe("x");
  });

  it("a currency code column completes its amount; a bad code is a problem of its own cell", async () => {
    const revenue = field("revenue", "currency");
    const both = await convert([revenue, revenue], ["usd", "1,234.50"], "xlsx", 0);
    expect(both.inputs[0]!.values).toEqual({ revenue: { amount: "1234.5", currency: "USD" } });
    const codeOnly = await convert([revenue, revenue], ["USD", null], "xlsx", 0);
    expect(codeOnly.inputs[0]!.values).toEqual({});
    const bad = await convert([revenue, revenue], ["美元", "12"], "xlsx", 0);
    expect(bad.issues).toEqual([
      { row: 2, column: "A", value: "美元", code: "invalid_currency", params: { value: "美元" } },
    ]);
    expect(value(coerceCurrencyCode(" cny "))).toBe("CNY");
  });

  it("percent: the export's stored number as text is taken as written; an Excel number cell ≤ 1 is a fraction", () => {
    expect(value(coercePercent("0.5"))).toBe("0.5");
    expect(value(coercePercent("-1"))).toBe("-1");
    expect(value(coercePercent("12.5"))).toBe("12.5");
    expect(value(coercePercent(0.5))).toBe("50");
    expect(value(coercePercent(12.5))).toBe("12.5");
  });

  it("multi select: labels holding the separator the export joins with stay whole", () => {
    expect(value(coerceMultiSelect("汽车、摩托、医疗", choiceRules(industries)))).toEqual(["moto", "med"]);
    expect(value(coerceMultiSelect("Medical, Cars, bikes", choiceRules(industries)))).toEqual([
      "med",
      "moto",
    ]);
    expect(value(coerceMultiSelect("医疗、汽车、摩托、-无-", choiceRules(industries)))).toEqual([
      "med",
      "moto",
      "none",
    ]);
    expect(coerceMultiSelect("汽车、飞机", choiceRules(industries))).toMatchObject({
      ok: false,
      code: "unknown_option",
    });
  });

  it("a date-time cell a millisecond off its second is read as that second", () => {
    const early = new Date(Date.UTC(2026, 2, 5, 14, 30, 14, 999));
    expect(value(coerceDatetime(early, "Asia/Shanghai"))).toBe("2026-03-05T06:30:15.000Z");
    expect(value(coerceDatetime("2026-03-05 14:30:15", "Asia/Shanghai"))).toBe("2026-03-05T06:30:15.000Z");
  });

  it("headers: an escaped CSV header matches its label; the currency column maps to the money field's code", () => {
    expect(normalizeHeader("'=Score")).toBe(normalizeHeader("=Score"));
    const revenue = field("revenue", "currency", {}, "年收入");
    const headers = ["年收入", "年收入（币种）", "revenue (currency)", "币种"].map((name, index) => ({
      index,
      letter: String.fromCharCode(65 + index),
      name,
    }));
    const suggested = suggestMapping(headers, [revenue], null, {});
    expect(suggested.map((s) => s.field)).toEqual(["revenue", "revenue__currency", null, null]);
    const alone = suggestMapping([{ index: 0, letter: "A", name: "币种" }], [revenue], null, {});
    expect(alone[0]).toMatchObject({ field: "revenue__currency", source: "synonym" });
  });
});
