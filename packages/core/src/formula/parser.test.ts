import { describe, expect, it } from "vitest";
import type { Expression } from "./ast.ts";
import { formatFormulaError } from "./error-messages.ts";
import { FORMULA_LIMITS } from "./limits.ts";
import { parseFormula } from "./parser.ts";

/** The tree as fully parenthesised text, so precedence shows at a glance. */
function shape(expr: Expression): string {
  switch (expr.kind) {
    case "number":
      return expr.text;
    case "text":
      return JSON.stringify(expr.value);
    case "boolean":
      return expr.value ? "TRUE" : "FALSE";
    case "blank":
      return "BLANK";
    case "reference":
      return expr.path.map((s) => s.name).join(".");
    case "unary":
      return `(${expr.operator} ${shape(expr.operand)})`;
    case "binary":
      return `(${shape(expr.left)} ${expr.operator} ${shape(expr.right)})`;
    case "call":
      return `${expr.name}(${expr.args.map(shape).join(", ")})`;
  }
}

function parsed(source: string): Expression {
  const result = parseFormula(source);
  if (!result.ok) throw new Error(formatFormulaError(result.error, "en"));
  return result.expression;
}

function error(source: string): string {
  const result = parseFormula(source);
  if (result.ok) throw new Error(`expected a syntax error in ${source}`);
  return formatFormulaError(result.error, "en");
}

describe("parseFormula precedence", () => {
  it.each([
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["1 - 2 - 3", "((1 - 2) - 3)"],
    ["8 / 4 / 2", "((8 / 4) / 2)"],
    ["-a * b", "((- a) * b)"],
    ["a & b = c", "((a & b) = c)"],
    ['a + 1 & "x"', '((a + 1) & "x")'],
    ["a = 1 AND b = 2 OR c", "(((a = 1) AND (b = 2)) OR c)"],
    ["a OR b AND c", "(a OR (b AND c))"],
    ["NOT a = b", "(NOT (a = b))"],
    ["NOT a AND b", "((NOT a) AND b)"],
    ["NOT (a) = b", "(NOT(a) = b)"],
    ["not a or b", "((NOT a) OR b)"],
    ["(1 + 2) * 3", "((1 + 2) * 3)"],
    ["a <> b", "(a <> b)"],
    ["a <= b", "(a <= b)"],
    ["--a", "(- (- a))"],
    ["+a", "(+ a)"],
  ])("%s → %s", (source, expected) => {
    expect(shape(parsed(source))).toBe(expected);
  });

  it("reads literals, keywords and calls case-insensitively", () => {
    expect(shape(parsed("if(true, \"a\", 'b')"))).toBe('IF(TRUE, "a", "b")');
    expect(shape(parsed("Blank"))).toBe("BLANK");
    expect(shape(parsed("AND(a, OR(b, c))"))).toBe("AND(a, OR(b, c))");
    expect(shape(parsed("TODAY()"))).toBe("TODAY()");
    expect(shape(parsed("account.owner.name"))).toBe("account.owner.name");
  });

  it("reads doubled quotes inside text and text spanning lines", () => {
    expect(shape(parsed('"say ""hi"""'))).toBe(JSON.stringify('say "hi"'));
    expect(shape(parsed("'it''s'"))).toBe(JSON.stringify("it's"));
    expect(shape(parsed('"a\nb"'))).toBe(JSON.stringify("a\nb"));
  });
});

describe("parseFormula positions", () => {
  it("gives line, column (in code points) and UTF-16 offset of every node", () => {
    const expr = parsed('"😀张" & name\n  + amount');
    if (expr.kind !== "binary") throw new Error("binary expected");
    expect(expr.operatorSpan.start).toEqual({ offset: 6, line: 1, column: 6 });
    expect(expr.right.span.start).toEqual({ offset: 8, line: 1, column: 8 });
    const concat = parsed('"😀张" & name');
    if (concat.kind !== "binary") throw new Error("binary expected");
    expect(concat.right.span).toEqual({
      start: { offset: 8, line: 1, column: 8 },
      end: { offset: 12, line: 1, column: 12 },
    });
  });

  it("counts lines across \\n and \\r\\n", () => {
    const expr = parsed("1 +\r\n\n  name");
    if (expr.kind !== "binary") throw new Error("binary expected");
    expect(expr.right.span.start).toMatchObject({ line: 3, column: 3 });
  });

  it("points at each segment of a path", () => {
    const expr = parsed("account.owner.name");
    if (expr.kind !== "reference") throw new Error("reference expected");
    expect(expr.path.map((s) => s.span.start.column)).toEqual([1, 9, 15]);
  });
});

describe("parseFormula errors", () => {
  it.each([
    ['"abc', 'Line 1, column 1: the text has no closing quote "'],
    ["1 +", "Line 1, column 4: the formula ends too early"],
    ["(1 + 2", "Line 1, column 7: missing closing parenthesis “)”"],
    ["IF(a, b", "Line 1, column 8: missing closing parenthesis “)”"],
    ["1 2", "Line 1, column 3: unexpected “2”"],
    [
      "a < b < c",
      "Line 1, column 7: comparisons cannot be chained: join them with AND, as in a < b AND b < c",
    ],
    ["a == b", "Line 1, column 3: use “=” instead of “==”"],
    ["a != b", "Line 1, column 3: use “<>” instead of “!=”"],
    ["a && b", "Line 1, column 3: use “AND” instead of “&&”"],
    ["IF（a, b）", "Line 1, column 3: full-width “（”: use “(” instead"],
    ["a ; b", "Line 1, column 3: unexpected character “;”"],
    ["1.", "Line 1, column 1: “1.” is not a valid number"],
    ["12abc", "Line 1, column 1: “12abc” is not a valid number"],
    ["account.", "Line 1, column 8: a field name must follow “.”"],
    ["account.owner(1)", "Line 1, column 1: there is no function named account.owner"],
    ["AND", "Line 1, column 1: unexpected “AND”"],
    ["f(1,)", "Line 1, column 5: unexpected “)”"],
  ])("%s", (source, message) => {
    expect(error(source)).toBe(message);
  });

  it("reports in Chinese with the same position", () => {
    const result = parseFormula("IF（a, b）");
    if (result.ok) throw new Error("error expected");
    expect(formatFormulaError(result.error, "zh-CN")).toBe("第 1 行第 3 列：这是全角符号“（”，请改用半角“(”");
  });
});

describe("parseFormula limits", () => {
  it("refuses formulas longer than the limit, counted in code points", () => {
    expect(error("1".repeat(FORMULA_LIMITS.maxLength + 1))).toContain("the formula is too long");
    expect(parseFormula(`"${"😀".repeat(FORMULA_LIMITS.maxLength - 2)}"`).ok).toBe(true);
  });

  it("refuses nesting deeper than the limit, including long operator chains", () => {
    const depth = FORMULA_LIMITS.maxDepth;
    expect(parseFormula(`${"ABS(".repeat(depth - 1)}1${")".repeat(depth - 1)}`).ok).toBe(true);
    expect(error(`${"ABS(".repeat(depth)}1${")".repeat(depth)}`)).toContain("nested too deeply");
    expect(error(Array.from({ length: depth + 1 }, () => "a").join(" + "))).toContain("nested too deeply");
    expect(error(`${"(".repeat(500)}1${")".repeat(500)}`)).toContain("nested too deeply");
  });

  it("refuses more nodes, digits or arguments than the limits", () => {
    const many = Array.from({ length: FORMULA_LIMITS.maxNodes }, () => "1");
    expect(error(`CONCAT(${many.join(", ")})`)).toMatch(/too many arguments|too complex/);
    const sums = Array.from({ length: 60 }, () => `MAX(${Array.from({ length: 8 }, () => "1").join(", ")})`);
    expect(error(sums.join(" & "))).toMatch(/too complex|nested too deeply/);
    expect(error("1".repeat(FORMULA_LIMITS.maxNumberDigits + 1))).toContain("too many digits");
    expect(parseFormula(`${"1".repeat(20)}.${"1".repeat(10)}`).ok).toBe(true);
  });
});
