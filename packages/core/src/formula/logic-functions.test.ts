import { describe, expect, it } from "vitest";
import { run } from "./test-support.ts";

describe("logic functions", () => {
  it.each([
    ['IF(amount > 1000, "big", "small")', "big"],
    ['IF(amount > 10000, "big")', "BLANK"],
    ["IF(BLANK, 1, 2)", "2"],
    ["IF(won, amount, 0)", "1200.5"],
    ['IFS(amount > 10000, "huge", amount > 1000, "big", TRUE, "small")', "big"],
    ['IFS(FALSE, "a", BLANK, "b")', "BLANK"],
    ['SWITCH(stage, "lost", 0, "won", 1, -1)', "1"],
    ['SWITCH(stage, "lost", 0, "open", 1, -1)', "-1"],
    ['SWITCH(stage, "lost", 0)', "BLANK"],
    ['SWITCH(empty_text, BLANK, "none", "some")', "none"],
    ["SWITCH(quantity, 3.0, TRUE, FALSE)", "true"],
    ["AND(won, amount > 1, TRUE)", "true"],
    ["AND(won, BLANK)", "false"],
    ["OR(FALSE, BLANK)", "false"],
    ["OR(FALSE, won)", "true"],
    ["NOT(won)", "false"],
    ["NOT(BLANK)", "true"],
    ["ISBLANK(empty_text)", "true"],
    ["ISBLANK(name)", "false"],
    ["ISBLANK(contacts)", "ERROR"],
    ["ISBLANK(TRIM('   '))", "true"],
    ["ISBLANK(tags)", "false"],
    ["ISBLANK(account.owner.manager.name)", "false"],
    ['BLANKVALUE(empty_text, "n/a")', "n/a"],
    ['BLANKVALUE(name, "n/a")', "张三的订单😀"],
    ["BLANKVALUE(empty_number, 0) + 1", "1"],
  ])("%s → %s", (source, expected) => {
    if (expected === "ERROR") expect(() => run(source)).toThrow(/list of related records/);
    else expect(run(source)).toBe(expected);
  });

  it("reads BLANK for a missing related record", () => {
    expect(run("ISBLANK(account.owner.name)", { account: null })).toBe("true");
    expect(run("BLANKVALUE(account.owner.manager.name, 'nobody')", { account: { owner: {} } })).toBe(
      "nobody",
    );
  });
});
