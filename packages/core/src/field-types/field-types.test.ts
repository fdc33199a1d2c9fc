import { describe, expect, it } from "vitest";
import type { FieldDefinition, FieldTypeName } from "../metadata/definitions.ts";
import { fieldDefinitionFixture } from "../metadata/field-definition-fixture.ts";
import { formatAutoNumber, parseAutoNumberPattern } from "./auto-number-type.ts";
import { type FieldTypeContext, fieldOperators, fieldSortable } from "./field-type.ts";
import { FIELD_TYPES, fieldTypeOf } from "./registry.ts";
import { codePointLength } from "./text-types.ts";

const ctx: FieldTypeContext = {
  sanitizeHtml: (html) => html.replace(/<script.*?<\/script>/g, ""),
  isValidDivision: ({ province, city }) => province === "320000" && (!city || city === "320500"),
};

function field(type: FieldTypeName, config: FieldDefinition["config"] = {}): FieldDefinition {
  const resolved = fieldTypeOf(type).resolveConfig(config, []);
  return fieldDefinitionFixture({ id: "f", objectApiName: "o", apiName: "f", type, config: resolved });
}

const write = (type: FieldTypeName, value: unknown, config?: FieldDefinition["config"]) =>
  fieldTypeOf(type).toColumns(value, field(type, config), ctx);

describe("field types", () => {
  it("registers every type with at least one operator and a schema", () => {
    for (const [name, type] of Object.entries(FIELD_TYPES)) {
      expect(type.name).toBe(name);
      // A formula's operators follow its result type (tested below).
      if (name !== "formula") expect(type.operators.length).toBeGreaterThan(0);
      expect(
        type.jsonSchema(
          field(
            type.name,
            name === "single_select" || name === "multi_select"
              ? { options: [{ value: "a", labels: { "zh-CN": "a", en: "a" } }] }
              : name === "relation"
                ? {
                    relation: {
                      target: "t",
                      cardinality: "many_to_one",
                      inverse_name: "xs",
                      inverse_labels: { "zh-CN": "x", en: "x" },
                    },
                  }
                : {},
          ),
        ),
      ).toBeTypeOf("object");
    }
  });

  it("makes formula fields read-only, column-less and as filterable as their result type", () => {
    const formula = (result_type?: FieldDefinition["config"]["result_type"]) =>
      field("formula", { expression: "amount * 2", ...(result_type ? { result_type } : {}) });
    const type = fieldTypeOf("formula");
    expect(type.columns(formula("number"))).toEqual([]);
    expect(write("formula", 5, { expression: "amount" })).toEqual({ ok: false, code: "read_only" });
    expect(fieldOperators(type, formula("currency"))).toContain("gte");
    expect(fieldOperators(type, formula("text"))).toContain("contains");
    expect(fieldOperators(type, formula("date"))).toContain("within");
    expect(fieldOperators(type, formula("boolean"))).toEqual(["eq", "neq", "is_empty", "is_not_empty"]);
    expect(fieldOperators(type, formula())).toEqual([]);
    expect(fieldSortable(type, formula("datetime"))).toBe(true);
    expect(fieldSortable(type, formula("multi_select"))).toBe(false);
    expect(type.fromColumns({ f: "1.5000000000" }, formula("currency"))).toBe("1.50");
    expect(type.fromColumns({ f: "0.3333333333" }, formula("currency"))).toBe("0.3333333333");
    expect(type.fromColumns({ f: "12.50" }, formula("percent"))).toBe(12.5);
    const issues: unknown[] = [];
    type.resolveConfig({ rollup_as: "everyone" as never, stored: "yes" as never }, issues as never[]);
    expect(issues).toEqual([
      { field: "config.expression", code: "required" },
      { field: "config.rollup_as", code: "invalid_option", params: { value: "everyone" } },
      { field: "config.stored", code: "invalid_type", params: { expected: "true/false" } },
    ]);
    expect(type.resolveConfig({ expression: "1", rollup_as: "reader", stored: true }, [])).toEqual({
      expression: "1",
      rollup_as: "reader",
      stored: true,
    });
    // The admin's explicit "system" survives resolution: absent means reader-scoped (ADR 0015).
    expect(type.resolveConfig({ expression: "1", rollup_as: "system" }, [])).toEqual({
      expression: "1",
      rollup_as: "system",
    });
  });

  it("counts text length in code points", () => {
    expect(codePointLength("😀𠀀a")).toBe(3);
    expect(write("text", "😀".repeat(255)).ok).toBe(true);
    expect(write("text", "😀".repeat(256))).toMatchObject({ ok: false, code: "too_long" });
    expect(write("text", "  x  ")).toEqual({ ok: true, value: { f: "x" } });
    expect(write("text", "   ")).toEqual({ ok: true, value: { f: null } });
  });

  it("keeps money exact and rejects floats beyond its scale", () => {
    expect(write("currency", { amount: "0.1", currency: "USD" })).toEqual({
      ok: true,
      value: { f: "0.10", f__currency: "USD" },
    });
    expect(write("currency", 12.345)).toMatchObject({ ok: false });
    expect(write("currency", { amount: "1", currency: "usd" })).toMatchObject({
      ok: false,
      code: "invalid_format",
    });
    expect(write("number", "1e3")).toMatchObject({ ok: false, code: "invalid_type" });
    expect(write("number", 3.5, { scale: 0 })).toMatchObject({ ok: false });
    expect(write("number", 7, { min: 0, max: 5 })).toMatchObject({ ok: false, code: "out_of_range" });
  });

  it("accepts only real calendar dates and datetimes with an offset", () => {
    expect(write("date", "2024-02-29").ok).toBe(true);
    expect(write("date", "2023-02-29").ok).toBe(false);
    expect(write("datetime", "2026-03-01T10:00:00").ok).toBe(false);
    expect(write("datetime", "2026-03-01T10:00:00+08:00")).toEqual({
      ok: true,
      value: { f: new Date("2026-03-01T02:00:00Z") },
    });
  });

  it("keeps an option value as the admin typed it, in lower case; names the option rule when it breaks", () => {
    const issues: Parameters<ReturnType<typeof fieldTypeOf>["resolveConfig"]>[1] = [];
    const resolved = fieldTypeOf("single_select").resolveConfig(
      {
        options: [
          { value: " A ", labels: { "zh-CN": "A", en: "A" } },
          { value: "B类", labels: { "zh-CN": "B", en: "B" } },
        ],
      },
      issues,
    );
    expect(resolved.options?.[0]?.value).toBe("a");
    expect(issues).toEqual([{ field: "config.options.1.value", code: "invalid_option_value" }]);
  });

  it("checks select options, emails, phones, URLs and divisions", () => {
    const options = { options: [{ value: "a", labels: { "zh-CN": "甲", en: "A" } }] };
    expect(write("single_select", "b", options)).toMatchObject({ ok: false, code: "invalid_option" });
    expect(write("multi_select", ["a", "a"], options)).toEqual({ ok: true, value: { f: ["a"] } });
    expect(write("email", "a@b")).toMatchObject({ ok: false, code: "invalid_email" });
    expect(write("email", " 张三@例子.公司 ")).toEqual({ ok: true, value: { f: "张三@例子.公司" } });
    expect(write("email", "info@münchen.de")).toEqual({ ok: true, value: { f: "info@münchen.de" } });
    expect(write("email", "张三＠例子.公司")).toMatchObject({ ok: false, code: "full_width_in_email" });
    expect(write("phone", "+86 512-6666 8888").ok).toBe(true);
    expect(write("url", "javascript:alert(1)").ok).toBe(false);
    expect(write("address", { province: "320000", city: "320500" }).ok).toBe(true);
    expect(write("address", { province: "320000", city: "110100" })).toMatchObject({
      ok: false,
      code: "invalid_division",
    });
    expect(write("rich_text", "<b>x</b><script>evil()</script>")).toEqual({
      ok: true,
      value: { f: "<b>x</b>" },
    });
  });

  it("never lets a client write an auto-number", () => {
    expect(write("auto_number", "HT-1")).toMatchObject({ ok: false, code: "read_only" });
  });
});

describe("auto-number patterns", () => {
  it("parses one counter and optional date parts", () => {
    expect(parseAutoNumberPattern("HT-{YYYY}-{0000}")).toEqual({ yearly: true, digits: 4 });
    expect(parseAutoNumberPattern("{000000}")).toEqual({ yearly: false, digits: 6 });
    expect(parseAutoNumberPattern("HT-{YYYY}")).toBeNull();
    expect(parseAutoNumberPattern("{00}-{00}")).toBeNull();
    expect(parseAutoNumberPattern("{X}-{00}")).toBeNull();
  });

  it("formats without truncating a counter that outgrew its digits", () => {
    expect(formatAutoNumber("HT-{YYYY}{MM}-{0000}", 7, "2026-03-15")).toBe("HT-202603-0007");
    expect(formatAutoNumber("{00}", 12345, "2026-03-15")).toBe("12345");
  });
});
