import type { ErrorParams } from "../../errors/keduo-error.ts";
import type { Translatable } from "../../i18n/locale.ts";
import type { Span } from "../ast.ts";
import type { FormulaContext } from "../context.ts";
import type { FormulaErrorCode } from "../formula-error.ts";
import type { CheckedType, TypeGroup } from "../formula-types.ts";
import type { Sql } from "../sql-helpers.ts";
import type { CallData, TypedAggregate, TypedCall, TypedExpression } from "../typed-ast.ts";
import type { FormulaValue } from "../values.ts";

export type FunctionCategory = "logic" | "math" | "text" | "date" | "select" | "aggregate" | "write";

/** What a function's type rule can ask of the checker. */
export interface FunctionCheck {
  readonly name: string;
  readonly args: readonly TypedExpression[];
  readonly span: Span;
  /** True when the argument fits the group; otherwise reports argument_type. */
  expect(index: number, group: TypeGroup): boolean;
  /** The common type of the arguments (branches, alternatives); reports mismatched_types when they cannot mix. */
  common(indexes: readonly number[]): CheckedType;
  /** The text of a literal argument; reports literal_required when the argument is not a text literal. */
  literal(index: number): string | undefined;
  /** The span of one character of a text literal argument, by its UTF-16 offset in the literal's value. */
  spanInLiteral(index: number, valueOffset: number): Span;
  report(code: FormulaErrorCode, span: Span, params?: ErrorParams): void;
  /** The argument at `value`, when it is text written out, must be an option of the select at `subject`. */
  option(subject: number, value: number): void;
}

/** What the SQL compiler offers a function. */
export interface SqlBuilder {
  readonly context: FormulaContext;
  /**
   * Lets the body use each value several times without repeating its SQL: cheap values (parameters,
   * columns) are repeated, others are computed once in a scalar subquery.
   */
  reuse(values: readonly Sql[], body: (refs: readonly Sql[]) => Sql): Sql;
}

/**
 * One function of the language: its type rule, its evaluator and its SQL, side by side so they cannot
 * drift apart. The evaluator and the SQL must agree on every input, BLANK included (README.md).
 */
export interface ScalarFunction {
  readonly name: string;
  readonly category: FunctionCategory;
  /** How it is called, for the docs and autocomplete: "LEFT(text, count)". */
  readonly syntax: string;
  readonly description: Translatable;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Never BLANK (predicates), so AND/OR/NOT need no COALESCE around it. */
  readonly neverBlank?: boolean;
  /** Reads TODAY() or NOW(): the result changes with time, so it cannot be stored. */
  readonly timeDependent?: boolean;
  check(c: FunctionCheck): CheckedType | { type: CheckedType; data: CallData };
  evaluate(args: readonly FormulaValue[], call: TypedCall, context: FormulaContext): FormulaValue;
  toSql(args: readonly Sql[], call: TypedCall, builder: SqlBuilder): Sql;
}

/** SUM, COUNT, AVG, MIN, MAX over a related list, with an optional condition on each list record. */
export interface AggregateFunction {
  readonly name: string;
  readonly syntax: string;
  readonly description: Translatable;
  /** What the aggregated value may be; null: anything, and the list itself (COUNT). */
  readonly valueGroup: TypeGroup | null;
  resultType(valueType: CheckedType | null): CheckedType;
  /** The non-blank values of the matching list records (COUNT(list): one `true` per record). */
  evaluate(values: readonly FormulaValue[], aggregate: TypedAggregate): FormulaValue;
  /**
   * The aggregate over the matching list rows (the condition is the subquery's WHERE, not a FILTER: an
   * aggregate whose FILTER reads only the outer record would belong to the outer query). `value` is
   * null for COUNT(list).
   */
  toSql(value: Sql | null, aggregate: TypedAggregate): Sql;
}

export function defineFunction(definition: ScalarFunction): ScalarFunction {
  return definition;
}
