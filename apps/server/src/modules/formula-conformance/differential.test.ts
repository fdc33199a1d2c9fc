import {
  type CheckedFormula,
  checkFormula,
  compileFormulaToSql,
  evaluateFormula,
  type FormulaContext,
  type FormulaDirectory,
  formatFormulaError,
  plainFormulaRecord,
} from "@keduo/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { conformanceSchema } from "./conformance-schema.ts";
import { insertDirectory, loadDirectory } from "./directory-fixture.ts";
import { normaliseEvaluated, normaliseSql } from "./normalise-values.ts";
import { FormulaGenerator, formulaArbitrary } from "./random-formulas.ts";
import { CONTEXTS, type FlatRecord, nestedRecord, recordArb } from "./random-records.ts";
import { recordScope, valuesQuery } from "./values-query.ts";

const SEED = 20261124;
const BATCHES = 100;
const FORMULAS_PER_BATCH = 200;
const RECORDS_PER_BATCH = 8;

let app: TestApp;
let directory: FormulaDirectory;
beforeAll(async () => {
  app = await startTestApp();
  await insertDirectory(app.database, app.clock.now());
  directory = await loadDirectory(app.database);
});
afterAll(async () => {
  await app?.close();
});

function check(source: string): CheckedFormula {
  // Checked as on a write, so ISNEW, ISCHANGED and PRIORVALUE are generated too.
  const result = checkFormula(source, { schema: conformanceSchema, object: "rec", writeContext: true });
  if (!result.ok) {
    throw new Error(
      `generated formula does not type-check: ${source}\n${result.errors.map((e) => formatFormulaError(e, "en")).join("\n")}`,
    );
  }
  return result.formula;
}

async function runBatch(
  formulas: readonly CheckedFormula[],
  records: readonly FlatRecord[],
  context: FormulaContext,
) {
  const scope = recordScope(app.database.schemas);
  const expressions = formulas.map((formula) => compileFormulaToSql(formula, scope, context));
  let rows: Array<Record<string, unknown>>;
  try {
    rows = (await valuesQuery(records, expressions).execute(app.database.db)).rows as Array<
      Record<string, unknown>
    >;
  } catch (error) {
    // Find the formula PostgreSQL refused, so the failure names it.
    for (const [index, expression] of expressions.entries()) {
      try {
        await valuesQuery(records, [expression]).execute(app.database.db);
      } catch (single) {
        throw new Error(`PostgreSQL refused ${formulas[index]!.source}: ${(single as Error).message}`);
      }
    }
    throw error;
  }
  expect(rows).toHaveLength(records.length);
  for (const [rec, record] of records.entries()) {
    const data = plainFormulaRecord(nestedRecord(record));
    const sources = { write: { prior: record.prior && plainFormulaRecord(record.prior) }, directory };
    for (const [index, formula] of formulas.entries()) {
      const evaluated = evaluateFormula(formula, data, context, sources);
      const fromSql = rows[rec]![`x${index}`];
      const a = normaliseEvaluated(evaluated, formula.type);
      const b = normaliseSql(fromSql, formula.type);
      if (a !== b) {
        throw new Error(
          [
            `evaluator and ${testEngine} disagree on ${formula.source} (${formula.type})`,
            `  evaluator: ${a}`,
            `  SQL:       ${b}`,
            `  record:    ${JSON.stringify(record)}`,
            `  context:   ${JSON.stringify(context)}`,
          ].join("\n"),
        );
      }
    }
  }
}

describe(`formulas on ${testEngine}`, () => {
  it("the evaluator and the compiled SQL agree on random formulas over random records", async () => {
    const generator = new FormulaGenerator();
    let evaluatedFormulas = 0;
    const batch = fc.record({
      sources: fc.array(formulaArbitrary(generator, 5), {
        minLength: FORMULAS_PER_BATCH,
        maxLength: FORMULAS_PER_BATCH,
      }),
      records: fc.array(recordArb, { minLength: RECORDS_PER_BATCH, maxLength: RECORDS_PER_BATCH }),
      context: fc.constantFrom(...CONTEXTS),
    });
    await fc.assert(
      fc.asyncProperty(batch, async ({ sources, records, context }) => {
        const formulas = sources.map(check);
        await runBatch(formulas, records, context);
        // One record alone: PostgreSQL may then fold every input into a constant while planning, the
        // path where an unguarded cast or make_date would raise an error although CASE never reaches it.
        await runBatch(formulas, records.slice(0, 1), context);
        evaluatedFormulas += sources.length;
      }),
      // No shrinking: each failure message already names the formula, the record and both values.
      { seed: SEED, numRuns: BATCHES, endOnFailure: true },
    );
    expect(evaluatedFormulas).toBeGreaterThanOrEqual(10_000);
  }, 300_000);
});
