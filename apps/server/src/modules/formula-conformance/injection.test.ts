import {
  checkFormula,
  compileFormulaToSql,
  evaluateFormula,
  type FormulaDirectory,
  formatFormulaError,
  plainFormulaRecord,
} from "@keduo/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { conformanceSchema } from "./conformance-schema.ts";
import { normaliseEvaluated, normaliseSql } from "./normalise-values.ts";
import { CONTEXTS, type FlatRecord, nestedRecord } from "./random-records.ts";
import { recordScope, valuesQuery } from "./values-query.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const PAYLOADS = [
  "'); DROP TABLE formula_victim; --",
  '"; DROP TABLE formula_victim; --',
  "day'); DROP TABLE formula_victim; --",
  "1); DROP TABLE formula_victim; SELECT (1",
  "$1; DROP TABLE formula_victim",
  "\\'; DROP TABLE formula_victim; --",
];

/** No user has the ids of these records (u1 is BLANK), so every directory read is BLANK. */
const EMPTY_DIRECTORY: FormulaDirectory = { find: () => null };

const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The payload in every argument position that takes text, and in the places that take a literal. */
function formulasWith(payload: string): string[] {
  const p = quoted(payload);
  return [
    `${p} & t1`,
    `CONCAT(t1, ${p}, s1)`,
    `IF(t1 = ${p}, ${p}, ${p})`,
    `IFS(t1 = ${p}, ${p}, TRUE, t2)`,
    `SWITCH(t1, ${p}, ${p}, ${p})`,
    `BLANKVALUE(t1, ${p})`,
    `LEFT(${p}, LEN(${p}))`,
    `RIGHT(${p}, 3)`,
    `MID(${p}, 2, 5)`,
    `UPPER(LOWER(TRIM(${p})))`,
    `CONTAINS(${p}, t1) OR STARTSWITH(t1, ${p})`,
    `SUBSTITUTE(${p}, ${p}, ${p})`,
    `VALUE(${p})`,
    `TEXT(${p})`,
    `MIN(${p}, t1)`,
    `INCLUDES(m1, ${p})`,
    `REGEXMATCH(${p}, "DROP")`,
    `COUNT(items, items.note = ${p})`,
    `MAX(items.note, CONTAINS(items.status, ${p}))`,
    `AND(ISCHANGED(t1), PRIORVALUE(s1) = ${p})`,
    `u1.name = ${p} OR PRIORVALUE(t2) & ${p} = t1`,
  ];
}

describe(`formula injection on ${testEngine}`, () => {
  it("refuses SQL in a DATEADD or DATEDIF unit and in a pattern's place as type errors", () => {
    for (const payload of PAYLOADS) {
      for (const source of [
        `DATEADD(d1, 1, ${quoted(payload)})`,
        `DATEDIF(d1, d2, ${quoted(payload)})`,
        `DATEADD(dt1, 1, ${quoted(payload)})`,
        `REGEXMATCH(t1, t2 & ${quoted(payload)})`,
        `DATEADD(d1, 1, t1 & ${quoted(payload)})`,
      ]) {
        const result = checkFormula(source, { schema: conformanceSchema, object: "rec" });
        expect(result.ok, source).toBe(false);
        if (!result.ok) expect(formatFormulaError(result.errors[0]!, "en")).toMatch(/unit|quoted text/);
      }
    }
  });

  it("runs text such as '); DROP TABLE … as a harmless value, and no other statement runs", async () => {
    const { workspace } = app.database.schemas;
    const context = CONTEXTS[0]!;
    await app.database.db.transaction().execute(async (trx) => {
      await sql`CREATE TABLE ${sql.id(workspace, "formula_victim")} (id int)`.execute(trx);
      // So that an injected unqualified DROP TABLE would find the victim.
      await sql`SET LOCAL search_path TO ${sql.id(workspace)}`.execute(trx);
      app.queries.length = 0;
      let statements = 0;
      for (const payload of PAYLOADS) {
        // The payload is also what the record holds, so it reaches SQL as data as well as a literal.
        const record: FlatRecord = {
          values: { t1: payload, t2: payload, s1: "won", m1: [payload] },
          items: [{ note: payload, status: payload }],
          // The write's prior values reach SQL as one JSON parameter: the payload must stay data there too.
          prior: { t1: `${payload}'`, t2: payload, s1: payload, m1: [payload, "'"] },
        };
        const formulas = formulasWith(payload).map((source) => {
          const result = checkFormula(source, {
            schema: conformanceSchema,
            object: "rec",
            writeContext: true,
          });
          if (!result.ok) throw new Error(`${source}: ${formatFormulaError(result.errors[0]!, "en")}`);
          return result.formula;
        });
        const expressions = formulas.map((formula) =>
          compileFormulaToSql(formula, recordScope(app.database.schemas), context),
        );
        const { rows } = await valuesQuery([record], expressions).execute(trx);
        statements++;
        const data = plainFormulaRecord(nestedRecord(record));
        const write = { prior: plainFormulaRecord(record.prior!) };
        for (const [index, formula] of formulas.entries()) {
          const actual = (rows[0] as Record<string, unknown>)[`x${index}`];
          const expected = evaluateFormula(formula, data, context, { write, directory: EMPTY_DIRECTORY });
          expect(normaliseSql(actual, formula.type), formula.source).toBe(
            normaliseEvaluated(expected, formula.type),
          );
        }
      }
      expect(app.queries).toHaveLength(statements);
      for (const text of app.queries) expect(text).not.toMatch(/DROP|formula_victim/i);
      const victim = await sql<{ count: number }>`SELECT count(*)::int AS count FROM formula_victim`.execute(
        trx,
      );
      expect(victim.rows[0]?.count).toBe(0);
    });
  });
});
