import {
  type AggregateGroup,
  type AggregateResult,
  type CheckedAggregateQuery,
  type CheckedFilter,
  type CheckedGroupBy,
  checkAggregate,
  type FieldDefinition,
  type FieldIssue,
  fieldValueClass,
  KeduoError,
  readFilter,
} from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { AccessContext } from "../access/index.ts";
import { filterToSql } from "../filter-sql/index.ts";
import { assertNotFilling } from "../formula-sql/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { aggregateStatement } from "./aggregate-sql.ts";
import { lateralFormulas } from "./formula-columns.ts";
import type { ReadObservers } from "./read-observers.ts";
import { ALIAS, type ReadDeps, readScope } from "./read-scope.ts";

type Sql = RawBuilder<unknown>;
type Row = Record<string, unknown>;

/**
 * Sums, counts and groups over the records a reader may see, in one SQL statement (DESIGN §8: kanban
 * totals, 360 KPIs, reports and dashboards all read numbers here). The filter, the row predicate and
 * reader-scoped formulas are the list's; a field hidden from the reader is unknown here as in a filter.
 * Money is summed per currency code: a GROUPING SETS pass computes each money aggregate per (groups,
 * currency) beside the other aggregates per group, and an outer pass folds the currencies into one map.
 */
export class RecordAggregates {
  private readonly deps: ReadDeps & { observers: ReadObservers };

  constructor(deps: RecordAggregates["deps"]) {
    this.deps = deps;
  }

  async aggregate(objectName: string, input: unknown, access: AccessContext): Promise<AggregateResult> {
    const { database, config } = this.deps;
    const scope = readScope(this.deps, objectName, access);
    const { model, predicate } = scope;
    const lateral = lateralFormulas(access.snapshot, scope.formulaSql, ALIAS);
    const valueSql = (field: FieldDefinition): Sql => {
      if (field.type !== "formula") return sql.id(ALIAS, field.apiName);
      assertNotFilling(field);
      return lateral.filterSql(field, ALIAS);
    };
    const body = (typeof input === "object" && input !== null ? input : {}) as { filter?: unknown };
    const query = checked(body, model.queryable, (filter) =>
      filterToSql(filter, { ...scope.filterContext, formula: valueSql }),
    );

    const groups = query.checked.groupBy.map((group, i) => ({
      group,
      sql: sql`${keySql(valueSql(group.field), group, config)} AS ${sql.id(`_g${i}`)}`,
    }));
    const currencies = [
      ...new Set(query.checked.aggregates.filter((a) => a.kind === "money").map((a) => a.field!.apiName)),
    ];
    const base = [
      ...groups.map((g) => g.sql),
      ...currencies.map((name, k) => sql`${sql.id(ALIAS, `${name}__currency`)} AS ${sql.id(`_c${k}`)}`),
      ...query.checked.aggregates.flatMap((a, j) =>
        a.field ? [sql`${valueSql(a.field)} AS ${sql.id(`_v${j}`)}`] : [],
      ),
    ];
    const where = sql.join(
      [sql`${sql.id(ALIAS, "deleted_at")} IS NULL`, query.where, ...(predicate ? [predicate] : [])],
      sql` AND `,
    );
    const table = objectTable(database.schemas, model.object.apiName);
    const from = sql`(SELECT ${base.length ? sql.join(base) : sql`1`}
      FROM ${table} AS ${sql.id(ALIAS)} ${lateral.from()} WHERE ${where}) AS b`;
    const statement = aggregateStatement(query.checked, from, currencies);
    const started = performance.now();
    const { rows } = await statement.execute(database.db);
    if (this.deps.observers.watching)
      this.deps.observers.notify({
        kind: "aggregate",
        object: model.object.apiName,
        filter: query.filter,
        sort: [],
        idDirection: "asc",
        groupBy: query.checked.groupBy.map((group) => group.field),
        measures: query.checked.aggregates.flatMap((a) => (a.field ? [a.field] : [])),
        scoped: predicate !== null,
        ms: performance.now() - started,
        statement: () => statement.compile(database.db),
      });
    if (rows.length > query.checked.limit)
      throw new KeduoError("AGGREGATE_TOO_MANY_GROUPS", { params: { limit: query.checked.limit } });
    return { groups: rows.map((row) => decodeGroup(query.checked, row as Row)) };
  }
}

/** The aggregate read and its filter checked together, so every problem of both is answered at once. */
function checked(
  body: { filter?: unknown },
  fields: Map<string, FieldDefinition>,
  compile: (filter: Parameters<typeof filterToSql>[0]) => Sql,
): { checked: CheckedAggregateQuery; where: Sql; filter: CheckedFilter | null } {
  const problems: FieldIssue[] = [];
  const aggregate = checkAggregate(body, fields);
  if (!aggregate.ok) problems.push(...aggregate.problems);
  let where: Sql = sql`true`;
  let checkedFilter: CheckedFilter | null = null;
  if (body.filter !== undefined && body.filter !== null) {
    const filter = readFilter(body.filter, fields);
    if (filter.ok) {
      checkedFilter = filter.filter;
      where = compile(filter.filter);
    } else problems.push(...filter.problems);
  }
  if (!aggregate.ok || problems.length > 0) throw new KeduoError("VALIDATION_FAILED", { issues: problems });
  return { checked: aggregate.query, where, filter: checkedFilter };
}

/**
 * A group field's key: its value, or for a date the first day of its bucket as `YYYY-MM-DD` — a datetime
 * falls on its day in the organisation's time zone, fiscal quarters and years start in its fiscal month.
 */
function keySql(
  value: Sql,
  group: CheckedGroupBy,
  config: { timeZone: string; fiscalYearStartMonth: number },
) {
  if (!group.bucket) return value;
  const day =
    group.temporal === "datetime"
      ? sql`(${value} AT TIME ZONE ${config.timeZone})::date`
      : sql`(${value})::date`;
  const shift = sql`make_interval(months => ${config.fiscalYearStartMonth - 1}::int)`;
  const start = (() => {
    switch (group.bucket) {
      case "day":
        return day;
      case "fiscal_quarter":
      case "fiscal_year": {
        const unit = group.bucket === "fiscal_year" ? "year" : "quarter";
        return sql`date_trunc(${unit}, ${day}::timestamp - ${shift}) + ${shift}`;
      }
      default:
        return sql`date_trunc(${group.bucket}, ${day}::timestamp)`;
    }
  })();
  return sql`to_char(${start}, 'YYYY-MM-DD')`;
}

function decodeGroup(query: CheckedAggregateQuery, row: Row): AggregateGroup {
  const key: AggregateGroup["key"] = {};
  query.groupBy.forEach((group, i) => {
    const value = row[`_g${i}`];
    key[group.field.apiName] =
      value === null || value === undefined
        ? null
        : !group.bucket && fieldValueClass(group.field) === "number"
          ? Number(value)
          : (value as string | boolean);
  });
  const values: AggregateGroup["values"] = {};
  query.aggregates.forEach((a, j) => {
    const value = row[`_a${j}`];
    values[a.name] =
      value === null || value === undefined
        ? null
        : a.kind === "count" || a.kind === "number"
          ? Number(value)
          : value instanceof Date
            ? value.toISOString()
            : (value as string | Record<string, string>);
  });
  return { key, values };
}
