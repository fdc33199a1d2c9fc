// Shared by the formula unit tests (not exported from the package).
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from "kysely";
import { type CheckedFormula, checkFormula } from "./checker.ts";
import type { FormulaContext } from "./context.ts";
import { formatFormulaError } from "./error-messages.ts";
import { evaluateFormula } from "./evaluator.ts";
import { plainFormulaRecord } from "./record.ts";
import { createFormulaSchema } from "./schema.ts";
import { compileFormulaToSql, type FormulaSqlScope } from "./to-sql.ts";
import type { FormulaValue } from "./values.ts";

export const schema = createFormulaSchema({
  deal: {
    name: "text",
    amount: "currency",
    quantity: "number",
    discount: "percent",
    stage: "select",
    tags: "multi_select",
    won: "boolean",
    close_date: "date",
    birthday: "date",
    created_at: "datetime",
    owner_id: "user",
    empty_text: "text",
    empty_number: "number",
    account: { relation: "account" },
    payments: { list: "payment" },
    contacts: { list: "contact" },
  },
  account: { name: "text", tier: "select", owner: { relation: "person" }, parent: { relation: "account" } },
  person: { name: "text", manager: { relation: "person" } },
  payment: { amount: "currency", status: "select", paid_on: "date", note: "text" },
  contact: { name: "text" },
});

export const deal = {
  name: "张三的订单😀",
  amount: "1200.50",
  quantity: 3,
  discount: 15,
  stage: "won",
  tags: ["vip", "north"],
  won: true,
  close_date: "2024-01-31",
  birthday: "1990-02-28",
  created_at: "2026-03-14T16:30:00.000Z",
  owner_id: "0190a3b4-0000-7000-8000-00000000000a",
  empty_text: null,
  empty_number: null,
  account: { name: "客多科技", tier: "gold", owner: { name: "李四", manager: { name: "王五" } } },
  payments: [
    { amount: "100.00", status: "received", paid_on: "2026-01-05", note: "first" },
    { amount: "50.25", status: "pending", paid_on: null, note: null },
    { amount: "200.00", status: "received", paid_on: "2026-02-05", note: "second" },
  ],
  contacts: [],
};

export const context: FormulaContext = {
  now: new Date("2026-03-15T02:00:00Z"),
  today: "2026-03-15",
  timeZone: "Asia/Shanghai",
};

export function checked(source: string): CheckedFormula {
  const result = checkFormula(source, { schema, object: "deal" });
  if (!result.ok) throw new Error(result.errors.map((e) => formatFormulaError(e, "en")).join("\n"));
  return result.formula;
}

/** The errors of a formula that must not check, as English messages with positions. */
export function errorsOf(source: string, locale: "en" | "zh-CN" = "en"): string[] {
  const result = checkFormula(source, { schema, object: "deal" });
  if (result.ok) throw new Error(`expected errors for ${source}`);
  return result.errors.map((e) => formatFormulaError(e, locale));
}

export function evaluate(source: string, data: Record<string, unknown> = deal, at = context): FormulaValue {
  return evaluateFormula(checked(source), plainFormulaRecord(data), at);
}

/** A value as a short string: numbers as plain decimals, dates as written, BLANK as "BLANK". */
export function show(value: FormulaValue): string {
  if (value === null) return "BLANK";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

export function run(source: string, data?: Record<string, unknown>, at?: FormulaContext): string {
  return show(evaluate(source, data, at));
}

export const db = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const rowScope: FormulaSqlScope = {
  column: (path) => sql.id("p", path.join("__")),
  aggregate: () => {
    throw new Error("no lists in lists");
  },
};

export const dealScope: FormulaSqlScope = {
  column: (path) => sql.id("d", path.join("__")),
  aggregate: (list, build) => {
    const { select, where } = build(rowScope);
    return sql`(SELECT ${select} FROM ${sql.id(list.join("__"))} AS p WHERE p.deal_id = d.id${where ? sql` AND ${where}` : sql``})`;
  },
};

/** The SQL text and parameters a formula compiles to over the `d` (deal) alias. */
export function compile(source: string, at = context): { sql: string; parameters: readonly unknown[] } {
  return compileFormulaToSql(checked(source), dealScope, at).compile(db);
}
