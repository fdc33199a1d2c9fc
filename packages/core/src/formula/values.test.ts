import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { plainFormulaRecord } from "./record.ts";
import { toFormulaValue } from "./values.ts";

describe("toFormulaValue", () => {
  it("reads numbers exactly from JSON numbers, decimal text, Decimals and money objects", () => {
    expect(String(toFormulaValue(0.1, "number"))).toBe("0.1");
    expect(String(toFormulaValue("12.50", "currency"))).toBe("12.5");
    expect(String(toFormulaValue(new Decimal("3.3"), "percent"))).toBe("3.3");
    expect(String(toFormulaValue({ amount: "9.99", currency: "CNY" }, "currency"))).toBe("9.99");
  });

  it("reads empty text and empty lists as BLANK", () => {
    expect(toFormulaValue("", "text")).toBeNull();
    expect(toFormulaValue([], "multi_select")).toBeNull();
    expect(toFormulaValue(undefined, "date")).toBeNull();
  });

  it("refuses a value of the wrong shape: a caller bug, not a user error", () => {
    expect(() => toFormulaValue("abc", "number")).toThrow(TypeError);
    expect(() => toFormulaValue("2024-02-30", "date")).toThrow(TypeError);
    expect(() => toFormulaValue(1, "text")).toThrow(TypeError);
    expect(() => toFormulaValue("not a time", "datetime")).toThrow(TypeError);
  });
});

describe("plainFormulaRecord", () => {
  it("follows nested objects and reads a missing relation as BLANK", () => {
    const record = plainFormulaRecord({ a: { b: { c: 1 } }, list: [{ x: 1 }, { x: 2 }], none: null });
    expect(record.value(["a", "b", "c"])).toBe(1);
    expect(record.value(["none", "c"])).toBeNull();
    expect(record.value(["toString"])).toBeNull();
    expect(record.list(["list"]).map((row) => row.value(["x"]))).toEqual([1, 2]);
    expect(record.list(["missing"])).toEqual([]);
  });
});
