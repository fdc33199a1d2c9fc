import { describe, expect, it } from "vitest";
import { checkFormula } from "./checker.ts";
import { formatFormulaError, formulaErrorToFieldIssue } from "./error-messages.ts";
import { FORMULA_LIMITS } from "./limits.ts";
import { createFormulaSchema } from "./schema.ts";
import { checked, errorsOf, schema } from "./test-support.ts";

describe("checkFormula result types", () => {
  it.each([
    ["1 + 2", "number"],
    ["amount * 2", "currency"],
    ["amount + quantity", "currency"],
    ["amount / amount", "number"],
    ["amount / 4", "currency"],
    ["discount * 2", "percent"],
    ["discount / discount", "number"],
    ["amount * (1 - discount / 100)", "currency"],
    ['name & "!"', "text"],
    ['stage & ""', "text"],
    ["stage", "select"],
    ['IF(won, stage, "open")', "text"],
    ["IF(won, amount, 0)", "currency"],
    ["IF(won, amount)", "currency"],
    ["BLANK", "null"],
    ["IF(won, BLANK, BLANK)", "null"],
    ["tags", "multi_select"],
    ["owner_id", "user"],
    ["close_date + 30", "date"],
    ["30 + close_date", "date"],
    ["close_date - 1", "date"],
    ["TODAY() - close_date", "number"],
    ["created_at", "datetime"],
    ['DATEADD(created_at, 2, "hour")', "datetime"],
    ['DATEADD(BLANK, 2, "hour")', "datetime"],
    ['DATEADD(BLANK, 2, "day")', "date"],
    ["account.owner.manager.name", "text"],
    ["SUM(payments.amount)", "currency"],
    ['SUM(payments.amount, payments.status = "received")', "currency"],
    ["COUNT(payments)", "number"],
    ["AVG(payments.amount)", "currency"],
    ["MIN(payments.paid_on)", "date"],
    ["MAX(payments.note)", "text"],
    ["MIN(1, quantity, BLANK)", "number"],
    ["NOT won", "boolean"],
    ["-discount", "percent"],
    ["MOD(amount, 7)", "currency"],
    ["ROUND(discount, 1)", "percent"],
  ])("%s : %s", (source, type) => {
    expect(checked(source).type).toBe(type);
  });

  it("lists what a formula reads and whether it depends on the clock", () => {
    const formula = checked('IF(account.tier = "gold", SUM(payments.amount, payments.status = "x"), amount)');
    expect(formula.dependencies).toEqual([
      ["account", "tier"],
      ["payments", "amount"],
      ["payments", "status"],
      ["amount"],
    ]);
    expect(formula.timeDependent).toBe(false);
    expect(checked("COUNT(payments)").dependencies).toEqual([["payments"]]);
    expect(checked("NEXTANNIVERSARY(birthday)").timeDependent).toBe(true);
    expect(checked("close_date - TODAY()").timeDependent).toBe(true);
  });

  it("checks against an expected type, for validation rules", () => {
    const expectBoolean = (source: string) =>
      checkFormula(source, { schema, object: "deal", expect: "boolean" });
    expect(expectBoolean("amount > 100").ok).toBe(true);
    expect(expectBoolean("BLANK").ok).toBe(true);
    const result = expectBoolean("amount");
    expect(result.ok ? [] : result.errors.map((e) => formatFormulaError(e, "en"))).toEqual([
      "Line 1, column 1: the formula must give a true/false value, not an amount of money",
    ]);
  });
});

describe("checkFormula errors, positioned and translated", () => {
  it("says where text meets a number, in both languages", () => {
    const numbers = createFormulaSchema({ deal: { amount: "number" } });
    const result = checkFormula('amount + "x"', { schema: numbers, object: "deal" });
    if (result.ok) throw new Error("expected an error");
    expect(formatFormulaError(result.errors[0]!, "zh-CN")).toBe("第 1 行第 8 列：文本不能与数字相加");
    expect(formatFormulaError(result.errors[0]!, "en")).toBe("Line 1, column 8: cannot add text to a number");
  });

  it.each([
    ["amont + 1", "Line 1, column 1: deal has no field named amont"],
    ["account.tire", "Line 1, column 9: account has no field named tire"],
    ["name.first", "Line 1, column 6: name is not a relation, so nothing can follow it after “.”"],
    ["account", "Line 1, column 1: account is a relation: name one of its fields, such as account.name"],
    [
      "payments.amount",
      "Line 1, column 1: payments is a list of related records: use it inside SUM, COUNT, AVG, MIN or MAX",
    ],
    [
      "account.parent.parent.parent.name",
      "Line 1, column 23: too many relations in one reference: at most 3",
    ],
    ["FOO(1)", "Line 1, column 1: there is no function named FOO"],
    ["LEFT(name)", "Line 1, column 1: LEFT takes 2 argument(s), not 1"],
    ["IF(won)", "Line 1, column 1: IF takes 2–3 argument(s), not 1"],
    ["LEN(amount)", "Line 1, column 5: argument 1 of LEN must be text, not an amount of money"],
    [
      "IF(amount, 1, 2)",
      "Line 1, column 4: argument 1 of IF must be a true/false value, not an amount of money",
    ],
    ['IF(won, 1, "a")', "Line 1, column 12: the results of IF must have one type, not a number and text"],
    ["name - 1", "Line 1, column 6: cannot subtract a number from text"],
    ["won * 2", "Line 1, column 5: cannot multiply a true/false value by a number"],
    ["amount / name", "Line 1, column 8: cannot divide an amount of money by text"],
    ["amount & name", "Line 1, column 8: & joins text, not an amount of money: convert it with TEXT() first"],
    ["amount = name", "Line 1, column 8: cannot compare an amount of money with text"],
    ["won < TRUE", "Line 1, column 5: a true/false value can only be compared with = or <>"],
    ["tags = tags", "Line 1, column 6: cannot compare a multi-select value with a multi-select value"],
    ["close_date = created_at", "Line 1, column 12: cannot compare a date with a date and time"],
    ["won AND 1", "Line 1, column 5: AND needs a true/false value, not a number"],
    ["NOT amount", "Line 1, column 1: NOT needs a true/false value, not an amount of money"],
    ['-"a"', "Line 1, column 1: - needs a number, not text"],
    ["IFS(won, 1, won)", "Line 1, column 1: IFS takes its arguments in pairs: condition, value"],
    [
      'DATEADD(close_date, 1, "fortnight")',
      "Line 1, column 24: DATEADD does not know the unit “fortnight”; use one of: day, week, month, quarter, year",
    ],
    [
      'DATEADD(created_at, 1, "month")',
      "Line 1, column 24: DATEADD does not know the unit “month”; use one of: day, week, hour, minute",
    ],
    [
      "DATEADD(close_date, 1, name)",
      "Line 1, column 24: argument 3 of DATEADD must be written as quoted text",
    ],
    [
      'DATEDIF(close_date, close_date, "hour")',
      "Line 1, column 33: DATEDIF does not know the unit “hour”; use one of: day, week, month, quarter, year",
    ],
    ["SUM(amount)", "Line 1, column 5: SUM needs a field of a related list, such as SUM(payments.amount)"],
    [
      "SUM(payments)",
      "Line 1, column 5: payments is a relation: name one of its fields, such as payments.name",
    ],
    ["SUM(payments.note)", "Line 1, column 5: argument 1 of SUM must be a number, not text"],
    [
      "SUM(payments.amount, payments.note)",
      "Line 1, column 22: argument 2 of SUM must be a true/false value, not text",
    ],
    [
      "SUM(payments.amount, COUNT(payments) > 1)",
      "Line 1, column 22: the aggregate COUNT cannot be nested in another aggregate",
    ],
    [
      "SUM(payments.amount + contacts.name)",
      "Line 1, column 23: one aggregate reads one list, not both payments and contacts",
    ],
    [
      "SUM(payments.amount, contacts.name = 'x')",
      "Line 1, column 22: one aggregate reads one list, not both payments and contacts",
    ],
    ["COUNT(payments, 1, 2)", "Line 1, column 1: COUNT takes 1–2 argument(s), not 3"],
  ])("%s", (source, message) => {
    expect(errorsOf(source)).toEqual([message]);
  });

  it("reports every type error at once, in source order", () => {
    expect(errorsOf("LEN(amount) + UPPER(1) + nope")).toEqual([
      "Line 1, column 5: argument 1 of LEN must be text, not an amount of money",
      "Line 1, column 21: argument 1 of UPPER must be text, not a number",
      "Line 1, column 26: deal has no field named nope",
    ]);
  });

  it("does not repeat an error through the operators above it", () => {
    expect(errorsOf("(nope + 1) * 2 > 3 AND won")).toEqual([
      "Line 1, column 2: deal has no field named nope",
    ]);
  });

  it("translates every message of a mixed formula into Chinese", () => {
    expect(errorsOf('LEFT(name) & DATEADD(close_date, 1, "fortnight")', "zh-CN")).toEqual([
      "第 1 行第 1 列：LEFT 需要 2 个参数，这里有 1 个",
      "第 1 行第 37 列：DATEADD 不支持单位“fortnight”，可用：day, week, month, quarter, year",
    ]);
  });

  it("limits the number of aggregates", () => {
    const many = Array.from({ length: FORMULA_LIMITS.maxAggregates + 1 }, () => "COUNT(payments)").join(
      " + ",
    );
    expect(errorsOf(many).at(-1)).toMatch(/too many aggregates: at most 10/);
  });

  it("turns an error into a problem+json field issue with both languages", () => {
    const result = checkFormula("amont", { schema, object: "deal" });
    if (result.ok) throw new Error("expected an error");
    expect(formulaErrorToFieldIssue(result.errors[0]!, "formula")).toEqual({
      field: "formula",
      code: "formula_unknown_field",
      params: { name: "amont", object: "deal", line: 1, column: 1 },
      message: {
        "zh-CN": "第 1 行第 1 列：deal 没有名为 amont 的字段",
        en: "Line 1, column 1: deal has no field named amont",
      },
    });
  });
});

describe("checkFormula against injection shapes", () => {
  const payloads = [
    "'); DROP TABLE deal; --",
    '"; DELETE FROM users; --',
    "day'); SELECT pg_sleep(10); --",
    "1; DROP TABLE x",
  ];

  it("refuses SQL in a DATEADD or DATEDIF unit as a type error", () => {
    for (const payload of payloads) {
      const quoted = `"${payload.replaceAll('"', '""')}"`;
      expect(errorsOf(`DATEADD(close_date, 1, ${quoted})`)[0]).toContain("does not know the unit");
      expect(errorsOf(`DATEDIF(close_date, TODAY(), ${quoted})`)[0]).toContain("does not know the unit");
    }
  });

  it("refuses SQL-looking text as a field or function name", () => {
    expect(errorsOf("DROP(deal)")[0]).toContain("there is no function named DROP");
    expect(errorsOf("pg_sleep(10)")[0]).toContain("there is no function named PG_SLEEP");
    expect(errorsOf("amount; DROP TABLE deal")[0]).toContain("unexpected character “;”");
    expect(errorsOf("amount -- comment")[0]).toContain("deal has no field named comment");
  });

  it("accepts SQL-looking text anywhere a text value goes: it stays a value", () => {
    for (const payload of payloads) {
      const quoted = `"${payload.replaceAll('"', '""')}"`;
      for (const source of [
        `${quoted} & name`,
        `IF(name = ${quoted}, ${quoted}, ${quoted})`,
        `SUBSTITUTE(${quoted}, ${quoted}, ${quoted})`,
        `CONTAINS(${quoted}, name)`,
        `LEFT(${quoted}, 3)`,
        `SWITCH(${quoted}, ${quoted}, 1, 2)`,
        `COUNT(payments, payments.note = ${quoted})`,
        `VALUE(${quoted})`,
      ]) {
        expect(checkFormula(source, { schema, object: "deal" }).ok, source).toBe(true);
      }
    }
  });
});
