import type { Decimal } from "decimal.js";
import type { Span } from "./ast.ts";
import type { CheckedType, FormulaValueType } from "./formula-types.ts";
import type { AggregateFunction, ScalarFunction } from "./functions/function.ts";
import type { PatternMatcher } from "./regex/pattern-matcher.ts";

/** Operators after type checking: `+` on dates is a different operation from `+` on numbers. */
export type TypedBinaryOperator =
  | "add"
  | "subtract"
  | "multiply"
  | "divide"
  | "concat"
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  | "and"
  | "or"
  /** date + days (days on either side) and date − days. */
  | "add_days"
  | "subtract_days"
  /** date − date: whole days. */
  | "days_between";

export type DateUnit = "day" | "week" | "month" | "quarter" | "year" | "hour" | "minute";

/** What a function's type rule worked out from literal arguments, for the evaluator and the compiler. */
export interface CallData {
  readonly unit?: DateUnit;
  /** REGEXMATCH: the validated pattern, as our matcher and as PostgreSQL text. */
  readonly matcher?: PatternMatcher;
  readonly postgresPattern?: string;
}

export type TypedExpression =
  | {
      readonly kind: "literal";
      readonly type: CheckedType;
      readonly value: Decimal | string | boolean | null;
      readonly span: Span;
    }
  | {
      readonly kind: "field";
      readonly type: FormulaValueType;
      /** `row`: a field of the list record an aggregate is reading. */
      readonly scope: "record" | "row";
      readonly path: readonly string[];
      readonly span: Span;
    }
  | {
      readonly kind: "unary";
      readonly operator: "negate" | "not";
      readonly type: CheckedType;
      readonly operand: TypedExpression;
      readonly span: Span;
    }
  | {
      readonly kind: "binary";
      readonly operator: TypedBinaryOperator;
      readonly type: CheckedType;
      readonly left: TypedExpression;
      readonly right: TypedExpression;
      readonly span: Span;
    }
  | {
      /** A user's detail read through the user directory: `owner_id.department.name` (directory.ts). */
      readonly kind: "directory";
      readonly type: FormulaValueType;
      /** The user value the path starts from (`owner_id`). */
      readonly user: TypedExpression;
      /** The names after it: `["department", "name"]`. */
      readonly path: readonly string[];
      readonly span: Span;
    }
  | {
      /** PRIORVALUE(field): the stored value before the write; BLANK for a new record. */
      readonly kind: "prior";
      readonly type: FormulaValueType;
      readonly name: string;
      readonly span: Span;
    }
  | {
      /** ISNEW(): the write creates the record. */
      readonly kind: "is_new";
      readonly type: "boolean";
      readonly span: Span;
    }
  | TypedCall
  | TypedAggregate;

export interface TypedCall {
  readonly kind: "call";
  readonly fn: ScalarFunction;
  readonly type: CheckedType;
  readonly args: readonly TypedExpression[];
  readonly data: CallData;
  readonly span: Span;
}

export interface TypedAggregate {
  readonly kind: "aggregate";
  readonly fn: AggregateFunction;
  readonly type: CheckedType;
  /** Path to the list from the current record (`["payments"]`, `["account", "contacts"]`). */
  readonly list: readonly string[];
  /** Read on each list record; null for COUNT(list). */
  readonly value: TypedExpression | null;
  readonly condition: TypedExpression | null;
  readonly span: Span;
}
