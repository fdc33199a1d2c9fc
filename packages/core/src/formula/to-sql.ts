import { sql } from "kysely";
import type { CheckedFormula } from "./checker.ts";
import type { FormulaContext } from "./context.ts";
import type { FormulaValueType } from "./formula-types.ts";
import type { SqlBuilder } from "./functions/function.ts";
import { binarySql, conditionSql } from "./operators.ts";
import { castTo, type Sql, typedNull } from "./sql-helpers.ts";
import type { TypedAggregate, TypedExpression } from "./typed-ast.ts";

/**
 * Where a formula's SQL gets its identifiers: only from the caller, who derives them from metadata.
 * Nothing in a formula's text ever becomes an identifier.
 */
export interface FormulaSqlScope {
  /** A field of this record, reached through zero or more many-to-one relations (`["account", "tier"]`). */
  column(path: readonly string[]): Sql;
  /**
   * `(SELECT <select> FROM <records of the list> WHERE <they belong to this record> AND <where>)`, with
   * `{ select, where } = build(row)` compiled against a scope for one list record (`where` is null
   * without a condition). The caller decides how the list is reached and which of its records count
   * (deleted ones, the reader's access).
   */
  aggregate(list: readonly string[], build: (row: FormulaSqlScope) => AggregateParts): Sql;
  /**
   * The value at `path` in the user directory from the user whose id is `user` (`["manager", "name"]`,
   * directory.ts): BLANK when a user or department on the way is missing.
   */
  directory?(user: Sql, path: readonly string[]): Sql;
  /** Formulas checked on a write: the stored value of the record's own field before the write (NULL if new). */
  prior?(name: string): Sql;
  /** Formulas checked on a write: true when the write creates the record, never NULL. */
  isNew?(): Sql;
}

// The checker lets these nodes through only where the caller provides a scope for them: a miss is a bug.
function scopeOrThrow<T>(part: T | undefined, what: string): T {
  if (part === undefined) throw new Error(`formula compiler: the scope reads no ${what}`);
  return part;
}

/** The two parts of an aggregate subquery the formula decides. */
export interface AggregateParts {
  readonly select: Sql;
  readonly where: Sql | null;
}

interface Scopes {
  readonly record: FormulaSqlScope;
  readonly row: FormulaSqlScope | null;
}

class Compiler implements SqlBuilder {
  readonly context: FormulaContext;
  /** Expressions cheap enough to repeat: parameters, columns, references to bound values. */
  private readonly cheap = new WeakSet<Sql>();
  private aliases = 0;

  constructor(context: FormulaContext) {
    this.context = context;
  }

  private markCheap(expression: Sql): Sql {
    this.cheap.add(expression);
    return expression;
  }

  reuse(values: readonly Sql[], body: (refs: readonly Sql[]) => Sql): Sql {
    if (values.every((value) => this.cheap.has(value))) return body(values);
    const alias = `_f${++this.aliases}`;
    const bound: Sql[] = [];
    const refs = values.map((value, index) => {
      if (this.cheap.has(value)) return value;
      bound.push(sql`${value} AS ${sql.id(`v${index}`)}`);
      return this.markCheap(sql.id(alias, `v${index}`));
    });
    return sql`(SELECT ${body(refs)} FROM (SELECT ${sql.join(bound)}) AS ${sql.id(alias)})`;
  }

  compile(node: TypedExpression, scopes: Scopes): Sql {
    switch (node.kind) {
      case "literal":
        return this.markCheap(this.literal(node));
      case "field":
        return this.markCheap(this.field(node, scopes));
      case "unary": {
        const operand = this.compile(node.operand, scopes);
        return node.operator === "not"
          ? sql`(NOT ${conditionSql(node.operand, operand)})`
          : sql`(- ${operand})`;
      }
      case "binary":
        return binarySql(node, this.compile(node.left, scopes), this.compile(node.right, scopes), this);
      case "call": {
        const args = node.args.map((arg) => this.compile(arg, scopes));
        return castTo(node.fn.toSql(args, node, this), node.type === "error" ? "null" : node.type);
      }
      case "aggregate":
        return this.aggregate(node, scopes);
      case "directory": {
        const read = scopeOrThrow(scopes.record.directory, "user directory");
        return blankIfEmptyValue(read(this.compile(node.user, scopes), node.path), node.type);
      }
      case "prior": {
        const prior = scopeOrThrow(scopes.record.prior, "write");
        return this.markCheap(blankIfEmptyValue(prior(node.name), node.type));
      }
      case "is_new":
        return this.markCheap(scopeOrThrow(scopes.record.isNew, "write")());
    }
  }

  private literal(node: Extract<TypedExpression, { kind: "literal" }>): Sql {
    const type = node.type === "error" ? "null" : node.type;
    if (node.value === null) return typedNull(type);
    if (typeof node.value === "boolean") return node.value ? sql`true` : sql`false`;
    if (typeof node.value === "string") return castTo(sql`${node.value}`, type);
    return sql`${node.value.toFixed()}::numeric`;
  }

  private field(node: Extract<TypedExpression, { kind: "field" }>, scopes: Scopes): Sql {
    const scope = node.scope === "row" ? scopes.row : scopes.record;
    if (!scope) throw new Error("formula compiler: a list field outside its aggregate");
    return blankIfEmptyValue(scope.column(node.path), node.type);
  }

  private aggregate(node: TypedAggregate, scopes: Scopes): Sql {
    const selected = scopes.record.aggregate(node.list, (row) => {
      const inner: Scopes = { record: scopes.record, row };
      const value = node.value ? this.compile(node.value, inner) : null;
      const where = node.condition ? conditionSql(node.condition, this.compile(node.condition, inner)) : null;
      return { select: node.fn.toSql(value, node), where };
    });
    return castTo(selected, node.type === "error" ? "null" : node.type);
  }
}

/**
 * Stored values never hold empty text or an empty list, but BLANK is defined to cover them. Numbers are read
 * as numeric: a whole-number field's column is bigint, and bigint arithmetic would divide as integers and
 * overflow where numeric does not.
 */
function blankIfEmptyValue(value: Sql, type: FormulaValueType): Sql {
  if (type === "text" || type === "select") return sql`NULLIF(${value}, '')`;
  if (type === "multi_select") return sql`NULLIF(${value}, '{}'::text[])`;
  if (type === "number" || type === "percent") return sql`(${value})::numeric`;
  return value;
}

/**
 * Compiles a checked formula into one SQL expression with PostgreSQL types matching the evaluator's
 * values. Values (literals, TODAY(), NOW(), the time zone) are bind parameters; identifiers come only
 * from the scope.
 * @example
 * const expression = compileFormulaToSql(formula, { column: (path) => sql.ref(`d.${path[0]}`), aggregate }, context);
 * await db.selectFrom("deal as d").select(expression.as("value")).execute();
 */
export function compileFormulaToSql(
  formula: CheckedFormula,
  scope: FormulaSqlScope,
  context: FormulaContext,
): Sql {
  return new Compiler(context).compile(formula.expression, { record: scope, row: null });
}
