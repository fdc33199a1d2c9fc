import type { FieldDefinition } from "@keduo/core";
import { describe, expect, it } from "vitest";
import { choiceRules, coerceMultiSelect, coerceSingleSelect } from "./coerce-choices.ts";
import { coerceDate, coerceDatetime } from "./coerce-dates.ts";
import {
  coerceBoolean,
  coerceCurrency,
  coerceNumber,
  coercePercent,
  coerceText,
  shiftDecimal,
} from "./coerce-values.ts";

const select = {
  apiName: "tier",
  config: {
    options: [
      { value: "a", labels: { "zh-CN": "A类", en: "Tier A" } },
      { value: "b", labels: { "zh-CN": "B类", en: "Tier B" } },
    ],
  },
} as unknown as FieldDefinition;
const value = (r: { ok: boolean; value?: unknown }) => (r.ok ? r.value : "✗");

describe("coercion rules", () => {
  it("dates: Chinese and ISO forms, Excel serials and date cells; impossible dates fail", () => {
    for (const text of [
      "2026年3月5日",
      "2026年03月05号",
      "2026/3/5",
      "2026-3-5",
      "2026.3.5",
      "20260305",
      "2026-03-05 00:00",
    ])
      expect(value(coerceDate(text)), text).toBe("2026-03-05");
    expect(value(coerceDate(46086))).toBe("2026-03-05");
    expect(value(coerceDate(new Date(Date.UTC(2026, 2, 5))))).toBe("2026-03-05");
    for (const bad of ["2026-02-30", "5/3/2026", "下周", "2026-13-01", true])
      expect(coerceDate(bad as string).ok, String(bad)).toBe(false);
  });

  it("datetimes: wall clock in the organisation's zone, explicit offsets as written", () => {
    expect(value(coerceDatetime("2026-03-05 14:30", "Asia/Shanghai"))).toBe("2026-03-05T06:30:00.000Z");
    expect(value(coerceDatetime(46086.75, "Asia/Shanghai"))).toBe("2026-03-05T10:00:00.000Z");
    expect(value(coerceDatetime("2026-03-05T14:30:00Z", "Asia/Shanghai"))).toBe("2026-03-05T14:30:00.000Z");
    expect(value(coerceDatetime("2026-03-05 25:00", "Asia/Shanghai"))).toBe("✗");
  });

  it("amounts: separators, currency signs, 万 and 亿, exactly", () => {
    expect(value(coerceNumber("1,234,567"))).toBe("1234567");
    expect(value(coerceNumber("1，234.5"))).toBe("1234.5");
    expect(value(coerceCurrency("¥1,200"))).toEqual({ amount: "1200" });
    expect(value(coerceCurrency("￥3.5万"))).toEqual({ amount: "35000" });
    expect(value(coerceCurrency("1.2亿元"))).toEqual({ amount: "120000000" });
    expect(value(coerceCurrency("-0.5万"))).toEqual({ amount: "-5000" });
    expect(value(coerceNumber(12.5))).toBe("12.5");
    expect(coerceNumber("12abc").ok).toBe(false);
    expect(shiftDecimal("0.0123", 2)).toBe("1.23");
  });

  it("percents: 12% and 0.12 are both twelve percent; 12 stays 12", () => {
    expect(value(coercePercent("12%"))).toBe("12");
    expect(value(coercePercent("12.5％"))).toBe("12.5");
    expect(value(coercePercent(0.12))).toBe("12");
    expect(value(coercePercent("8"))).toBe("8");
    expect(coercePercent("x%").ok).toBe(false);
  });

  it("booleans and options", () => {
    for (const yes of ["是", "Y", "yes", "TRUE", "1", true])
      expect(value(coerceBoolean(yes as string)), String(yes)).toBe(true);
    for (const no of ["否", "n", "False", "0", false])
      expect(value(coerceBoolean(no as string)), String(no)).toBe(false);
    expect(coerceBoolean("maybe").ok).toBe(false);
    expect(value(coerceSingleSelect("A类", choiceRules(select)))).toBe("a");
    expect(value(coerceSingleSelect("tier b", choiceRules(select)))).toBe("b");
    expect(value(coerceSingleSelect("b", choiceRules(select)))).toBe("b");
    expect(value(coerceMultiSelect("A类、Tier B,a；b", choiceRules(select)))).toEqual(["a", "b"]);
    expect(coerceMultiSelect("A类,C类", choiceRules(select))).toEqual({
      ok: false,
      code: "unknown_option",
      params: { value: "C类", allowed: "A类、B类", allowed_en: "Tier A, Tier B" },
    });
  });

  it("text keeps whole numbers whole", () => {
    expect(value(coerceText(13800138000))).toBe("13800138000");
  });
});
