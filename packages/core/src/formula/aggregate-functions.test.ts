import { describe, expect, it } from "vitest";
import { deal, run } from "./test-support.ts";

describe("aggregates over a related list", () => {
  it.each([
    ["SUM(payments.amount)", "350.25"],
    ['SUM(payments.amount, payments.status = "received")', "300"],
    ['SUM(payments.amount, payments.status = "refunded")', "0"],
    ["SUM(payments.amount * 2, ISBLANK(payments.paid_on))", "100.5"],
    ["SUM(payments.amount, payments.amount > amount / 10)", "200"],
    ["COUNT(payments)", "3"],
    ["COUNT(payments, NOT ISBLANK(payments.note))", "2"],
    ["COUNT(payments.paid_on)", "2"],
    ["COUNT(contacts)", "0"],
    ["AVG(payments.amount)", "116.75"],
    ['AVG(payments.amount, payments.status = "x")', "BLANK"],
    ["AVG(payments.amount / 3)", "38.9166666666"],
    ["MIN(payments.amount)", "50.25"],
    ["MAX(payments.paid_on)", "2026-02-05"],
    ["MIN(payments.note)", "first"],
    ['MAX(payments.amount, payments.status = "pending")', "50.25"],
    ["MIN(payments.amount, FALSE)", "BLANK"],
    ["MAX(payments.amount, 1) > 100", "ERROR"],
    ["SUM(payments.amount) / COUNT(payments)", "116.75"],
    ["MIN(payments.amount, payments.paid_on)", "ERROR"],
  ])("%s → %s", (source, expected) => {
    if (expected === "ERROR") expect(() => run(source)).toThrow();
    else expect(run(source)).toBe(expected);
  });

  it("reads the current record inside a condition and an empty or missing list as none", () => {
    expect(run("COUNT(payments, payments.amount < quantity * 50)")).toBe("2");
    expect(run("SUM(payments.amount)", { ...deal, payments: undefined })).toBe("0");
    expect(run("MAX(payments.amount)", { ...deal, payments: [] })).toBe("BLANK");
  });

  it("uses the scalar MIN/MAX of one list record inside an aggregate", () => {
    expect(run("SUM(MIN(payments.amount, 60))")).toBe("170.25");
  });
});
