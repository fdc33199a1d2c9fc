import type { ErrorParams } from "../errors/keduo-error.ts";
import type { CallExpression, Expression, Reference, Span, UnaryExpression } from "./ast.ts";
import { checkAggregate, checkScalarCall } from "./check-calls.ts";
import { type CheckContext, concretize, errorNode, type ListScope } from "./check-context.ts";
import { findListReference } from "./check-lists.ts";
import { blankOperandType, typeBinary } from "./check-operators.ts";
import { pathNames, resolvePath, samePath } from "./check-references.ts";
import { toDecimal } from "./decimal-math.ts";
import { type FormulaError, type FormulaErrorCode, formulaError } from "./formula-error.ts";
import {
  type CheckedType,
  type FormulaType,
  fitsGroup,
  isNumericType,
  isTextualType,
  type TypeGroup,
} from "./formula-types.ts";
import { findAggregateFunction, findScalarFunction } from "./functions/registry.ts";
import { FORMULA_LIMITS } from "./limits.ts";
import { parseFormula } from "./parser.ts";
import type { FormulaSchema } from "./schema.ts";
import type { TypedExpression } from "./typed-ast.ts";

export interface CheckOptions {
  schema: FormulaSchema;
  /** API name of the object whose records the formula reads. */
  object: string;
  /** The type the formula must have (a validation rule needs "boolean"); BLANK always fits. */
  expect?: FormulaType;
}

/** A formula that parsed and type-checked: what the evaluator and the SQL compiler take. */
export interface CheckedFormula {
  readonly source: string;
  readonly object: string;
  readonly type: FormulaType;
  readonly expression: TypedExpression;
  /** Field paths it reads, list paths included (`["payments", "amount"]`): for dependants and field security. */
  readonly dependencies: ReadonlyArray<readonly string[]>;
  /** Reads TODAY() or NOW(): its value changes with time, so it cannot be stored. */
  readonly timeDependent: boolean;
}

export type CheckResult =
  | { ok: true; formula: CheckedFormula }
  | { ok: false; errors: readonly FormulaError[] };

class Checker implements CheckContext {
  readonly errors: FormulaError[] = [];
  readonly dependencies = new Map<string, readonly string[]>();
  timeDependent = false;
  private aggregates = 0;
  readonly source: string;
  private readonly schema: FormulaSchema;
  private readonly object: string;

  constructor(source: string, schema: FormulaSchema, object: string) {
    this.source = source;
    this.schema = schema;
    this.object = object;
  }

  get errorCount(): number {
    return this.errors.length;
  }

  report(code: FormulaErrorCode, span: Span, params: ErrorParams = {}): void {
    this.errors.push(formulaError(code, span, params));
  }

  addDependency(path: readonly string[]): void {
    this.dependencies.set(path.join("."), path);
  }

  addAggregate(span: Span): boolean {
    if (++this.aggregates <= FORMULA_LIMITS.maxAggregates) return true;
    this.report("too_many_aggregates", span, { max: FORMULA_LIMITS.maxAggregates });
    return false;
  }

  check(expr: Expression, list: ListScope | null): TypedExpression {
    switch (expr.kind) {
      case "number":
        return { kind: "literal", type: "number", value: toDecimal(expr.text), span: expr.span };
      case "text":
        // There is no empty text: "" is BLANK, typed as text.
        return {
          kind: "literal",
          type: "text",
          value: expr.value === "" ? null : expr.value,
          span: expr.span,
        };
      case "boolean":
        return { kind: "literal", type: "boolean", value: expr.value, span: expr.span };
      case "blank":
        return { kind: "literal", type: "null", value: null, span: expr.span };
      case "reference":
        return this.reference(expr, list);
      case "unary":
        return this.unary(expr, list);
      case "binary": {
        const left = this.check(expr.left, list);
        const right = this.check(expr.right, list);
        const typing = typeBinary(expr.operator, left.type, right.type);
        if (!typing.ok) {
          this.report(typing.code, expr.operatorSpan, typing.params);
          return errorNode(expr.span);
        }
        const [l, r] = typing.swap ? [right, left] : [left, right];
        return {
          kind: "binary",
          operator: typing.operator,
          type: typing.type,
          left: concretize(l, blankOperandType(typing.operator, r.type, true)),
          right: concretize(r, blankOperandType(typing.operator, l.type, false)),
          span: expr.span,
        };
      }
      case "call":
        return this.call(expr, list);
    }
  }

  private unary(expr: UnaryExpression, list: ListScope | null): TypedExpression {
    const operand = this.check(expr.operand, list);
    const group: TypeGroup = expr.operator === "NOT" ? "boolean" : "numeric";
    if (!fitsGroup(operand.type, group)) {
      this.report("operand_type", expr.operatorSpan, {
        operator: expr.operator,
        expected: group,
        actual: operand.type,
      });
      return errorNode(expr.span);
    }
    if (expr.operator === "+") return concretize(operand, "number");
    const type = expr.operator === "NOT" ? "boolean" : operand.type === "null" ? "number" : operand.type;
    return {
      kind: "unary",
      operator: expr.operator === "NOT" ? "not" : "negate",
      type,
      operand: concretize(operand, type),
      span: expr.span,
    };
  }

  private reference(expr: Reference, list: ListScope | null): TypedExpression {
    const names = pathNames(expr.path);
    if (list && names.length >= list.path.length && list.path.every((name, i) => names[i] === name)) {
      const rest = expr.path.slice(list.path.length);
      if (rest.length === 0) {
        this.report("relation_needs_field", expr.span, { name: names.join(".") });
        return errorNode(expr.span);
      }
      const resolved = resolvePath(this.schema, list.target, rest, list.hops);
      if (resolved.kind === "error") this.errors.push(resolved.error);
      if (resolved.kind === "list") this.report("list_needs_aggregate", expr.span, { name: names.join(".") });
      if (resolved.kind !== "value") return errorNode(expr.span);
      this.addDependency(names);
      return { kind: "field", type: resolved.type, scope: "row", path: pathNames(rest), span: expr.span };
    }
    const resolved = resolvePath(this.schema, this.object, expr.path);
    if (resolved.kind === "error") {
      this.errors.push(resolved.error);
      return errorNode(expr.span);
    }
    if (resolved.kind === "list") {
      const name = names.slice(0, resolved.listLength).join(".");
      if (list) this.report("mixed_lists", expr.span, { first: list.path.join("."), other: name });
      else this.report("list_needs_aggregate", expr.span, { name });
      return errorNode(expr.span);
    }
    this.addDependency(names);
    return { kind: "field", type: resolved.type, scope: "record", path: names, span: expr.span };
  }

  private call(expr: CallExpression, list: ListScope | null): TypedExpression {
    const aggregate = findAggregateFunction(expr.name);
    const scalar = findScalarFunction(expr.name);
    if (aggregate) {
      const found = expr.args[0] ? findListReference(this.schema, this.object, expr.args[0], !scalar) : null;
      if (found?.kind === "mixed") {
        this.report("mixed_lists", found.span, { first: found.first, other: found.other });
        return errorNode(expr.span);
      }
      // Inside an aggregate, MIN(items.a, items.b) over the same list is the scalar MIN of one row.
      const ofCurrentRow = list !== null && found !== null && samePath(found.path, list.path);
      if ((found && !ofCurrentRow) || !scalar) {
        return checkAggregate(this, expr, aggregate, ofCurrentRow ? null : found, list);
      }
    }
    if (!scalar) {
      for (const arg of expr.args) this.check(arg, list);
      this.report("unknown_function", expr.nameSpan, { name: expr.name });
      return errorNode(expr.span);
    }
    if (scalar.timeDependent) this.timeDependent = true;
    return checkScalarCall(this, expr, scalar, list);
  }

  checkArity(expr: CallExpression, min: number, max: number): boolean {
    if (expr.args.length >= min && expr.args.length <= max) return true;
    const expected =
      min === max ? `${min}` : max >= FORMULA_LIMITS.maxArguments ? `≥ ${min}` : `${min}–${max}`;
    this.report("argument_count", expr.nameSpan, { name: expr.name, expected, actual: expr.args.length });
    return false;
  }
}

function fitsExpected(expected: FormulaType, actual: CheckedType): boolean {
  if (actual === "null" || actual === "error" || actual === expected) return true;
  return (
    (isNumericType(expected) && isNumericType(actual)) || (isTextualType(expected) && isTextualType(actual))
  );
}

/**
 * Parses and type-checks a formula against the schema; all type errors are reported at once, each with
 * its position (formatFormulaError turns them into "第 1 行第 8 列：…").
 * @example
 * const result = checkFormula('amount * (1 - discount / 100)', { schema, object: "deal" });
 * if (result.ok) result.formula.type; // "currency"
 */
export function checkFormula(source: string, options: CheckOptions): CheckResult {
  const parsed = parseFormula(source);
  if (!parsed.ok) return { ok: false, errors: [parsed.error] };
  const checker = new Checker(source, options.schema, options.object);
  const expression = checker.check(parsed.expression, null);
  if (options.expect && checker.errors.length === 0 && !fitsExpected(options.expect, expression.type)) {
    checker.report("wrong_result_type", expression.span, {
      expected: options.expect,
      actual: expression.type,
    });
  }
  if (checker.errors.length > 0 || expression.type === "error") {
    const errors = [...checker.errors].sort((a, b) => a.span.start.offset - b.span.start.offset);
    return { ok: false, errors };
  }
  return {
    ok: true,
    formula: {
      source,
      object: options.object,
      type: expression.type,
      expression,
      dependencies: [...checker.dependencies.values()],
      timeDependent: checker.timeDependent,
    },
  };
}
