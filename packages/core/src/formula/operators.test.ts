import { describe, expect, it } from "vitest";
import { run } from "./test-support.ts";

describe("operators and BLANK", () => {
  it.each([
    // Arithmetic is exact; BLANK in arithmetic gives BLANK.
    ["0.1 + 0.2", "0.3"],
    ["amount * quantity", "3601.5"],
    ["amount * (1 - discount / 100)", "1020.425"],
    ["1 / 3", "0.3333333333"],
    ["2 / 3", "0.6666666666"],
    ["-2 / 3", "-0.6666666666"],
    ["1 / 0", "BLANK"],
    ["1 / 0.0000000001", "10000000000"],
    ["empty_number + 1", "BLANK"],
    ["-empty_number", "BLANK"],
    ["BLANK * 0", "BLANK"],
    ["999999999999999 * 999999999999999", "999999999999998000000000000001"],
    // & treats BLANK as empty text; empty text is BLANK.
    ['name & "!"', "张三的订单😀!"],
    ['empty_text & "x"', "x"],
    ['"" & empty_text', "BLANK"],
    ["stage & account.tier", "wongold"],
    // = and <>: BLANK equals BLANK only; never BLANK.
    ["empty_text = BLANK", "true"],
    ['empty_text = ""', "true"],
    ["empty_number = 0", "false"],
    ["empty_number <> 0", "true"],
    ["BLANK = BLANK", "true"],
    ["1.0 = 1", "true"],
    ['stage = "won"', "true"],
    ["amount = 1200.5", "true"],
    // <, >: false when either side is BLANK.
    ["empty_number < 1", "false"],
    ["empty_number >= empty_number", "false"],
    ["amount > 1000", "true"],
    ['"a" < "b"', "true"],
    ['"Z" < "a"', "true"],
    ['"￥" < "😀"', "true"],
    ['"张" > "a"', "true"],
    ["close_date < TODAY()", "true"],
    ["created_at < NOW()", "true"],
    // AND, OR, NOT: BLANK counts as FALSE; results are never BLANK.
    ["won AND BLANK", "false"],
    ["BLANK OR won", "true"],
    ["NOT BLANK", "true"],
    ["NOT empty_number = 1", "true"],
    // Dates: ± whole days (cut toward zero), date − date in days.
    ["close_date + 30", "2024-03-01"],
    ["close_date + 29.9", "2024-02-29"],
    ["close_date - 1.9", "2024-01-30"],
    ["-1 + close_date", "2024-01-30"],
    ["TODAY() - close_date", "774"],
    ["close_date - TODAY()", "-774"],
    ["close_date + 3000000", "BLANK"],
    ["close_date + BLANK", "BLANK"],
  ])("%s → %s", (source, expected) => {
    expect(run(source)).toBe(expected);
  });
});
