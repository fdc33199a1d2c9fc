import { randomUUID } from "node:crypto";
import {
  createFormulaContext,
  type FieldDefinition,
  type FieldIssue,
  type FormulaContext,
  type MetadataSnapshot,
  SettableClock,
  type Sql,
} from "@keduo/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { compileFilter } from "../filter-sql/index.ts";
import { loadSnapshot, modelOrThrow } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { dateColumnPlanOf } from "./date-column-plan.ts";
import {
  random,
  randomDate,
  randomFilter,
  randomFormula,
  randomNow,
  UNPLANNED,
} from "./date-column-test-support.ts";
import { resolveFormulaField, withField } from "./formula-fields.ts";
import { formulaFieldSql } from "./object-sql-scope.ts";

/**
 * Differential test of date-column plans (ADR 0010): random formulas of one date column `due`, random clock
 * readings and random filters; the filter compiled onto the column must select exactly the rows the filter on
 * the formula's own SQL selects, and a sort turned onto the column must give the formula's order, ties
 * included. Dates include NULLs, month ends, leap days and both ends of 0001–9999.
 */

const TZ = "Asia/Shanghai";
const FORMULAS = 260;
const FILTERS_PER_FORMULA = 4;
let app: TestApp;
let snapshot: MetadataSnapshot;

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "contract", "合同", "Contract");
  await addField(app.admin, "contract", { api_name: "due", type: "date", indexed: true });
  const rng = random(20_260_404);
  const dates: Array<string | null> = [null, null, null, "2024-02-29", "2024-02-28", "2024-03-01"];
  for (const today of ["2026-03-15", "2024-02-29", "2024-03-31", "2023-12-31"])
    for (let i = 0; i < 40; i++) dates.push(randomDate(rng, today));
  const response = await app.admin.post("/api/records/contract/bulk", {
    records: dates.map((due) => ({ due })),
  });
  expect(response.status, response.text).toBe(201);
  snapshot = await loadSnapshot(app.database.db);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

/** A formula field `fx` on contract, defined in memory (checked like the metadata API does); null on a type error. */
function define(expression: string) {
  const object = snapshot.objects.get("contract")!;
  const base = object.fields.find((f) => f.apiName === "due")!;
  const draft: FieldDefinition = {
    ...base,
    id: randomUUID(),
    apiName: "fx",
    type: "formula",
    indexed: false,
    config: { expression },
  };
  const issues: FieldIssue[] = [];
  const field = resolveFormulaField(snapshot, object, draft, issues);
  // withField keeps everything else of the snapshot: only `objects` differs.
  return issues.length ? null : { field, snapshot: { ...snapshot, ...withField(snapshot, object, field) } };
}

function setup(expression: string, context: FormulaContext) {
  const defined = define(expression);
  if (!defined) return null;
  const { schemas } = app.database;
  // The field's SQL as reads build it (with its plan), and the same SQL wrapped, which has no plan.
  const planned = (field: FieldDefinition): Sql =>
    formulaFieldSql({ snapshot: defined.snapshot, schemas, field, alias: "t", context, storedColumns: true });
  const plain = (field: FieldDefinition): Sql => sql`${planned(field)}`;
  const filterContext = {
    fields: modelOrThrow(defined.snapshot, "contract").queryable,
    schemas,
    alias: "t",
    today: context.today,
    timeZone: context.timeZone,
  };
  return { ...defined, planned, plain, filterContext };
}

const table = () => objectTable(app.database.schemas, "contract");
const text = (predicate: Sql) => predicate.compile(app.database.db).sql;

async function ids(where: Sql, order: Sql = sql`t.id`): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`SELECT t.id FROM ${table()} t
    WHERE t.deleted_at IS NULL AND ${where} ORDER BY ${order}`.execute(app.database.db);
  return rows.map((r) => r.id);
}

const contextAt = (now: Date) => createFormulaContext(new SettableClock(now), TZ);

describe("date-column plans", () => {
  it("filter the column exactly as the formula filters, on random formulas, clocks and filters", async () => {
    const rng = random(7);
    let compared = 0;
    let sorted = 0;
    for (let i = 0; i < FORMULAS; i++) {
      const expression = randomFormula(rng);
      const context = contextAt(randomNow(rng));
      const s = setup(expression, context);
      if (!s) continue;
      const plan = dateColumnPlanOf(s.planned(s.field));
      expect(plan, expression).not.toBeNull();
      for (let k = 0; k < FILTERS_PER_FORMULA; k++) {
        const filter = { fx: randomFilter(rng, s.field.config.result_type!, context.today) };
        const rewritten = compileFilter(filter, { ...s.filterContext, formula: s.planned });
        const original = compileFilter(filter, { ...s.filterContext, formula: s.plain });
        const why = `${expression} with ${JSON.stringify(filter)} on ${context.today}`;
        // Planned filters never fall back: a fallback would hide a mistake in the plan.
        expect(text(rewritten), why).not.toBe(text(original));
        expect(await ids(rewritten), why).toEqual(await ids(original));
        compared++;
      }
      for (const direction of ["asc", "desc"] as const) {
        const onColumn = plan!.sort(direction);
        if (!onColumn) continue;
        const byFormula = sql`${s.plain(s.field)} ${sql.raw(direction.toUpperCase())}, t.id ${sql.raw(direction.toUpperCase())}`;
        const nulls = onColumn.nulls ? ` NULLS ${onColumn.nulls.toUpperCase()}` : "";
        const byColumn = sql`t.due ${sql.raw(onColumn.direction.toUpperCase() + nulls)}, t.id ${sql.raw(direction.toUpperCase())}`;
        expect(await ids(sql`true`, byColumn), `${expression} ${direction}`).toEqual(
          await ids(sql`true`, byFormula),
        );
        sorted++;
      }
    }
    expect(compared).toBeGreaterThan(FORMULAS * FILTERS_PER_FORMULA * 0.8);
    expect(sorted).toBeGreaterThan(40);
  }, 300_000);

  it("turn the common CRM shapes into ranges and sorts on the column", () => {
    const context = contextAt(new Date("2024-02-29T03:00:00Z"));
    const sortOf = (expression: string, direction: "asc" | "desc") => {
      const s = setup(expression, context)!;
      return dateColumnPlanOf(s.planned(s.field))?.sort(direction) ?? null;
    };
    expect(sortOf('DATEDIF(TODAY(), due, "day")', "asc")).toEqual({ column: "due", direction: "asc" });
    expect(sortOf('DATEDIF(due, TODAY(), "day")', "asc")).toEqual({
      column: "due",
      direction: "desc",
      nulls: "last",
    });
    expect(sortOf("TODAY() - due", "desc")).toEqual({ column: "due", direction: "asc", nulls: "first" });
    expect(sortOf('DATEADD(due, 30, "day")', "desc")).toBeNull(); // BLANK past 9999-12-01: not only NULL dates
    expect(sortOf('DATEDIF(TODAY(), due, "week")', "asc")).toBeNull(); // seven dates per value
    const s = setup("AND(due >= TODAY(), due <= TODAY() + 30)", context)!;
    const where = compileFilter({ fx: { eq: true } }, { ...s.filterContext, formula: s.planned });
    const compiled = where.compile(app.database.db);
    expect(compiled.sql).toBe('("t"."due" >= $1::date AND "t"."due" <= $2::date)');
    expect(compiled.parameters).toEqual(["2024-02-29", "2024-03-30"]);
  });

  it("keep comparing every other formula as its expression", async () => {
    const rng = random(11);
    for (const expression of UNPLANNED) {
      const context = contextAt(randomNow(rng));
      const s = setup(expression, context)!;
      expect(dateColumnPlanOf(s.planned(s.field)), expression).toBeNull();
      const filter = { fx: randomFilter(rng, s.field.config.result_type!, context.today) };
      const rewritten = compileFilter(filter, { ...s.filterContext, formula: s.planned });
      expect(text(rewritten)).toBe(text(compileFilter(filter, { ...s.filterContext, formula: s.plain })));
    }
  });
});
