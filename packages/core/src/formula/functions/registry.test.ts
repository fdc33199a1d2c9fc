import { describe, expect, it } from "vitest";
import { run } from "../test-support.ts";
import { listFormulaFunctions } from "./registry.ts";

describe("the function allowlist", () => {
  it("has exactly the functions of the language, each documented in both languages", () => {
    const functions = listFormulaFunctions();
    expect(functions.map((fn) => fn.name)).toEqual(
      [
        ...["IF", "IFS", "SWITCH", "AND", "OR", "NOT", "ISBLANK", "BLANKVALUE"],
        ...["ABS", "ROUND", "FLOOR", "CEILING", "MIN", "MAX", "MOD", "POWER", "SQRT"],
        ...["CONCAT", "LEFT", "RIGHT", "MID", "LEN", "UPPER", "LOWER", "TRIM", "CONTAINS", "STARTSWITH"],
        ...["SUBSTITUTE", "TEXT", "VALUE", "REGEXMATCH"],
        ...["TODAY", "NOW", "DATE", "YEAR", "MONTH", "DAY", "WEEKDAY", "DATEADD", "DATEDIF", "EOMONTH"],
        ...["NEXTANNIVERSARY", "INCLUDES", "SUM", "COUNT", "AVG"],
        ...["ISNEW", "ISCHANGED", "PRIORVALUE"],
      ].sort(),
    );
    for (const fn of functions) {
      expect(fn.syntax.startsWith(fn.name), fn.name).toBe(true);
      expect(fn.description["zh-CN"] && fn.description.en, fn.name).toBeTruthy();
    }
  });
});

describe("INCLUDES", () => {
  it.each([
    ['INCLUDES(tags, "vip")', "true"],
    ['INCLUDES(tags, "south")', "false"],
    ["INCLUDES(tags, BLANK)", "false"],
    ['INCLUDES(IF(FALSE, tags), "vip")', "false"],
    ["INCLUDES(tags, stage)", "false"],
  ])("%s → %s", (source, expected) => {
    expect(run(source)).toBe(expected);
  });
});
