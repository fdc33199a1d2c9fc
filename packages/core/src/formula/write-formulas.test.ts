import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { type CheckedFormula, checkFormula } from "./checker.ts";
import { DIRECTORY_USER, type FormulaDirectory } from "./directory.ts";
import { formatFormulaError } from "./error-messages.ts";
import { evaluateFormula } from "./evaluator.ts";
import { listFormulaFunctions } from "./functions/registry.ts";
import { plainFormulaRecord } from "./record.ts";
import { createFormulaSchema } from "./schema.ts";
import { context, db, show } from "./test-support.ts";
import { compileFormulaToSql, type FormulaSqlScope } from "./to-sql.ts";

const schema = createFormulaSchema({
  deal: {
    amount: "currency",
    stage: { type: "select", options: ["new", "won", "lost"] },
    tags: { type: "multi_select", options: ["vip", "north"] },
    note: "text",
    owner_id: "user",
    margin: { type: "number", computed: true },
    account: { relation: "account" },
    items: { list: "item" },
  },
  account: { tier: "select", owner_id: "user" },
  item: { qty: "number", rep: "user" },
});

function check(source: string, writeContext = true) {
  return checkFormula(source, { schema, object: "deal", writeContext });
}

function checked(source: string): CheckedFormula {
  const result = check(source);
  if (!result.ok) throw new Error(result.errors.map((e) => formatFormulaError(e, "en")).join("\n"));
  return result.formula;
}

function errors(source: string, writeContext = true): string[] {
  const result = check(source, writeContext);
  if (result.ok) throw new Error(`expected errors for ${source}`);
  return result.errors.map((e) => formatFormulaError(e, "en"));
}

const ALICE = "0190a3b4-0000-7000-8000-00000000000a";
const BOB = "0190a3b4-0000-7000-8000-00000000000b";
const SALES = "0190a3b4-0000-7000-8000-0000000000d1";
const CHINA = "0190a3b4-0000-7000-8000-0000000000d2";

const directory: FormulaDirectory = {
  find(kind, id) {
    const entries: Record<string, Record<string, unknown>> = kind === DIRECTORY_USER
      ? {
          [ALICE]: { name: "Alice", email: "a@x.cn", active: true, manager: BOB, department: SALES },
          [BOB]: { name: "", email: "b@x.cn", active: false, manager: null, department: null },
        }
      : { [SALES]: { name: "销售部", parent: CHINA }, [CHINA]: { name: "中国区", parent: null } };
    return entries[id] ?? null;
  },
};

const current = { amount: "500.00", stage: "lost", tags: ["vip"], note: "x", owner_id: ALICE };

function run(source: string, prior: Record<string, unknown> | null, record = current): string {
  const write = { prior: prior && plainFormulaRecord(prior) };
  return show(evaluateFormula(checked(source), plainFormulaRecord(record), context, { write, directory }));
}

describe("ISNEW, ISCHANGED and PRIORVALUE", () => {
  it("read the write: a new record has no prior values and nothing changed", () => {
    expect(run("ISNEW()", null)).toBe("true");
    expect(run("ISCHANGED(stage)", null)).toBe("false");
    expect(run("PRIORVALUE(stage)", null)).toBe("BLANK");
    expect(run("ISNEW()", current)).toBe("false");
  });

  it("compare the prior value with = semantics: BLANK is a value, money by amount", () => {
    expect(run('AND(ISCHANGED(stage), PRIORVALUE(stage) = "won")', { ...current, stage: "won" })).toBe(
      "true",
    );
    expect(run("ISCHANGED(stage)", current)).toBe("false");
    expect(run("ISCHANGED(amount)", { ...current, amount: "500" })).toBe("false");
    expect(run("ISCHANGED(note)", { ...current, note: null })).toBe("true");
    expect(run("ISCHANGED(note)", { ...current, note: "" }, { ...current, note: null } as never)).toBe(
      "false",
    );
    expect(run("ISCHANGED(tags)", { ...current, tags: ["vip", "north"] })).toBe("true");
    expect(run("PRIORVALUE(amount) * 2", { ...current, amount: "12.50" })).toBe("25");
  });

  it("are refused outside a write, every use reported at once", () => {
    expect(errors('ISNEW() OR ISCHANGED(stage) OR PRIORVALUE(note) = "a"', false)).toEqual([
      "Line 1, column 1: ISNEW only works in formulas that check a write (such as validation rules); a formula field has no write to look at",
      "Line 1, column 12: ISCHANGED only works in formulas that check a write (such as validation rules); a formula field has no write to look at",
      "Line 1, column 32: PRIORVALUE only works in formulas that check a write (such as validation rules); a formula field has no write to look at",
    ]);
  });

  it("read a stored field of the record itself only", () => {
    for (const source of [
      "PRIORVALUE(account.tier)",
      "ISCHANGED(margin)",
      "ISCHANGED(items)",
      "PRIORVALUE(1)",
    ])
      expect(errors(source)[0], source).toContain("needs a stored field of the record itself");
    expect(errors("ISCHANGED(nope)")).toEqual(["Line 1, column 11: deal has no field named nope"]);
    expect(errors("ISNEW(stage)")[0]).toContain("ISNEW takes 0 argument(s), not 1");
  });

  it("say what they read, so rules know their prior columns and guards their fields", () => {
    const formula = checked("ISCHANGED(stage) AND PRIORVALUE(amount) > 0 AND NOT ISNEW()");
    expect(formula.readsWrite).toBe(true);
    expect(formula.priorFields).toEqual(["stage", "amount"]);
    expect(formula.dependencies).toEqual([["stage"], ["amount"]]);
    expect(checked("ISNEW()").priorFields).toEqual([]);
    expect(checked("amount > 0").readsWrite).toBe(false);
  });

  it("are listed for the editor under their own category", () => {
    const write = listFormulaFunctions().filter((fn) => fn.category === "write");
    expect(write.map((fn) => fn.name)).toEqual(["ISCHANGED", "ISNEW", "PRIORVALUE"]);
  });
});

describe("select options by value", () => {
  it("refuses text that is not an option where it is compared with a select", () => {
    expect(errors('stage = "wonn" OR "Won" <> PRIORVALUE(stage)')).toEqual([
      "Line 1, column 9: “wonn” is not an option value of stage; the options are: new, won, lost",
      "Line 1, column 19: “Won” is not an option value of stage; the options are: new, won, lost",
    ]);
    expect(errors('INCLUDES(tags, "VIP")')[0]).toContain("“VIP” is not an option value of tags");
    expect(errors('SWITCH(stage, "won", 1, "open", 2, 0)')[0]).toContain("“open” is not an option value");
  });

  it("lets options, BLANK and computed text through", () => {
    for (const source of ['stage = "won"', 'stage <> ""', 'INCLUDES(tags, "north")', "stage = note"])
      expect(check(source).ok, source).toBe(true);
    expect(run('stage = "lost"', null)).toBe("true");
    expect(run("TEXT(stage)", null)).toBe("lost");
  });
});

describe("the user directory", () => {
  it.each([
    ["owner_id.name", "text", "Alice"],
    ["owner_id.email", "text", "a@x.cn"],
    ["owner_id.active", "boolean", "true"],
    ["owner_id.manager", "user", BOB],
    ["owner_id.manager.name", "text", "BLANK"],
    ["owner_id.manager.active", "boolean", "false"],
    ["owner_id.department.name", "text", "销售部"],
    ["owner_id.department.parent.name", "text", "中国区"],
    ["owner_id.manager.department.name", "text", "BLANK"],
    ["owner_id.manager.manager", "user", "BLANK"],
  ])("%s : %s = %s", (source, type, value) => {
    const formula = checked(source);
    expect(formula.type).toBe(type);
    expect(formula.readsDirectory).toBe(true);
    expect(run(source, null)).toBe(value);
  });

  it("reads BLANK behind a missing user, as behind a missing related record", () => {
    expect(run("owner_id.name", null, { ...current, owner_id: null } as never)).toBe("BLANK");
    expect(run("owner_id.name", null, { ...current, owner_id: "0190a3b4-0000-7000-8000-0000000000ff" })).toBe(
      "BLANK",
    );
  });

  it("type-checks paths like relations, within the hop limit", () => {
    expect(errors("owner_id.phone")).toEqual(["Line 1, column 10: user has no field named phone"]);
    expect(errors("owner_id.department")[0]).toContain("department is a relation: name one of its fields");
    expect(errors("owner_id.name.x")[0]).toContain("name is not a relation");
    expect(errors("account.owner_id.manager.department.name")[0]).toContain("too many relations");
    expect(checked("account.owner_id.manager.name").type).toBe("text");
    expect(checked("SUM(items.qty, items.rep.department.name = owner_id.department.name)").type).toBe(
      "number",
    );
    expect(checked("owner_id = owner_id.manager").readsDirectory).toBe(true);
    expect(checked("owner_id").readsDirectory).toBe(false);
  });

  it("compiles to the scope's directory reads, starting from the user value's own SQL", () => {
    const reads: string[][] = [];
    const scope: FormulaSqlScope = {
      column: (path) => sql.id("d", path.join("__")),
      aggregate: () => sql`NULL`,
      directory: (user, path) => {
        reads.push([...path]);
        return sql`dir(${user}, ${path.join(".")})`;
      },
    };
    const compiled = compileFormulaToSql(checked("account.owner_id.manager.name"), scope, context);
    expect(reads).toEqual([["manager", "name"]]);
    expect(compiled.compile(db).sql).toContain('dir("d"."account__owner_id", $1)');
  });
});
