import { checkFilter, type FilterNode } from "@keduo/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { loadSnapshot, objectModel } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { compileFilter, filterToSql } from "./index.ts";

/**
 * The compiler as an engine uses it: a filter built in code (an automation's condition, a report's
 * criteria), checked against the object's fields and compiled onto a query of its own.
 */

let app: TestApp;
// The server clock: 2026-03-15 10:00 in Asia/Shanghai.
const NOW = new Date("2026-03-15T02:00:00Z");
const scope = () => ({
  schemas: app.database.schemas,
  alias: "d",
  today: "2026-03-15",
  timeZone: "Asia/Shanghai",
});

beforeAll(async () => {
  app = await startTestApp({ now: NOW });
  await createObject(app.admin, "deal", "商机", "Deal");
  const options = ["new", "won", "lost"].map((value) => ({ value, labels: label(value, value) }));
  for (const field of [
    { api_name: "name", type: "text" },
    { api_name: "stage", type: "single_select", config: { options } },
    { api_name: "amount", type: "currency" },
    { api_name: "close", type: "date" },
  ])
    await addField(app.admin, "deal", field);
  const records = [
    { name: "A", stage: "new", amount: { amount: "50", currency: "CNY" }, close: "2026-03-20" },
    { name: "B", stage: "won", amount: { amount: "5000", currency: "CNY" }, close: "2026-03-01" },
    { name: "C", stage: "lost", amount: { amount: "9000", currency: "CNY" }, close: "2026-03-02" },
    { name: "D", stage: "won", amount: null, close: "2026-04-02" },
    { name: "E", stage: null, amount: { amount: "700", currency: "CNY" }, close: "2026-03-31" },
  ];
  expect((await app.admin.post("/api/records/deal/bulk", { records })).status).toBe(201);
});
afterAll(() => app?.close());

async function fields() {
  return objectModel((await loadSnapshot(app.database.db)).objects.get("deal")!).queryable;
}

describe("filterToSql", () => {
  it("compiles a filter built in code into one predicate with every operand bound", async () => {
    const conditions: FilterNode[] = [
      { kind: "condition", field: "stage", operator: "nin", value: ["lost"] },
      { kind: "not", node: { kind: "condition", field: "amount", operator: "lt", value: "100" } },
      { kind: "condition", field: "close", operator: "within", value: "this_month" },
      { kind: "condition", field: "name", operator: "contains", value: "%" },
    ];
    const compile = async (nodes: FilterNode[]) => {
      const checked = checkFilter({ kind: "and", nodes }, await fields());
      if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
      return filterToSql(checked.filter, scope());
    };
    const names = async (nodes: FilterNode[]) =>
      (
        await sql<{ name: string }>`SELECT d.name FROM ${objectTable(app.database.schemas, "deal")} d
          WHERE d.deleted_at IS NULL AND ${await compile(nodes)} ORDER BY d.name`.execute(app.database.db)
      ).rows.map((row) => row.name);

    const compiled = (await compile(conditions)).compile(app.database.db);
    expect(compiled.sql).toBe(
      '(("d"."stage" IS NULL OR NOT "d"."stage" = ANY($1)) AND NOT ("d"."amount" < $2) AND ' +
        '("d"."close" >= $3::date AND "d"."close" < $4::date) AND "d"."name" ILIKE $5)',
    );
    expect(compiled.parameters).toEqual([["lost"], "100", "2026-03-01", "2026-04-01", "%\\%%"]);
    // nin keeps the blank stage (E); NOT (amount < 100) drops A; lost C and April D are out.
    expect(await names(conditions.slice(0, 3))).toEqual(["B", "E"]);
    // The % is literal: no name holds one.
    expect(await names(conditions)).toEqual([]);
  });

  it("answers no filter as true and refuses a bad one with every problem before building SQL", async () => {
    const ctx = { ...scope(), fields: await fields() };
    expect(compileFilter(undefined, ctx).compile(app.database.db).sql).toBe("true");
    expect(() => compileFilter({ stage: { eq: "closed" }, ghost: { eq: 1 } }, ctx)).toThrow(
      expect.objectContaining({
        code: "INVALID_FILTER",
        issues: [
          { field: "filter.stage.eq", code: "invalid_option", params: { value: "closed" } },
          { field: "filter.ghost", code: "unknown_field", params: { name: "ghost" } },
        ],
      }),
    );
  });
});
