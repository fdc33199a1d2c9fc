import { describe, expect, it } from "vitest";
import { formatFormulaError, formulaErrorMessage } from "./error-messages.ts";
import { FORMULA_ERROR_CODES, formulaError } from "./formula-error.ts";

describe("formula error messages", () => {
  const span = { start: { offset: 0, line: 2, column: 5 }, end: { offset: 1, line: 2, column: 6 } };
  const params = {
    max: 3,
    char: "x",
    suggestion: "=",
    found: "==",
    quote: '"',
    text: "1.",
    name: "f",
    object: "deal",
    expected: "numeric",
    actual: "text",
    position: 1,
    operator: "AND",
    type: "text",
    other: "number",
    left: "date",
    right: "datetime",
    first: "number",
    unit: "x",
    allowed: "day",
    near: "(",
    construct: "\\d",
    from: "z",
    to: "a",
    value: "wonn",
    options: "new, won, lost",
  };

  it("has a message in both languages for every code, with every placeholder filled", () => {
    for (const code of FORMULA_ERROR_CODES) {
      for (const locale of ["zh-CN", "en"] as const) {
        const message = formulaErrorMessage(formulaError(code, span, params), locale);
        expect(message, `${code} ${locale}`).not.toMatch(/\{\w+\}/);
        expect(message.length, `${code} ${locale}`).toBeGreaterThan(3);
      }
    }
  });

  it("puts the position first, as people say it in each language", () => {
    const error = formulaError("cannot_add", span, { type: "text", other: "number" });
    expect(formatFormulaError(error, "zh-CN")).toBe("第 2 行第 5 列：文本不能与数字相加");
    expect(formatFormulaError(error, "en")).toBe("Line 2, column 5: cannot add text to a number");
  });
});
