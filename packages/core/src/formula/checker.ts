import type { ErrorParams } from "../errors/keduo-error.ts";
import type { CallExpression, Expression, PathSegment, Reference, Span, UnaryExpression } from "./ast.ts";
import { checkAggregate, checkScalarCall } from "./check-calls.ts";
import { type CheckContext, concretize, errorNode, type ListScope } from "./check-context.ts";
import { findListReference } from "./check-lists.ts";
import { blankOperandType, typeBinary } from "./check-operators.ts";
import { pathNames, type ResolvedPath, resolvePath, samePath } from "./check-references.ts";
import { checkWriteCall, isWriteFunction } from "./check-write.ts";
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
  /**
   * The formula runs on a write (a validation rule; later automation and approval conditions), so ISNEW,
   * ISCHANGED and PRIORVALUE may read it. Elsewhere (formula fields) they are refused.
   */
  writeContext?: boolean;
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
  /** Reads the user directory (`owner_id.manager`), which changes without a record write: not storable. */
  readonly readsDirectory: boolean;
  /** Reads the write: ISNEW(), or the prior values of `priorFields` (ISCHANGED, PRIORVALUE). */
  readonly readsWrite: boolean;
  readonly priorFields: readonly string[];
}

export type CheckResult =
  | { ok: true; formula: CheckedFormula }
  | { ok: false; errors: readonly FormulaError[] };

class Checker implements CheckContext {
  readonly errors: FormulaError[] = [];
  readonly dependencies = new Map<string, readonly string[]>();
  timeDependent = false;
  readsDirectory = false;
  writeRead = false;
  readonly priorFields = new Set<string>();
  private aggregates = 0;
  readonly source: string;
  private readonly schema: FormulaSchema;
  private readonly object: string;
  readonly writeContext: boolean;
  private readonly optionSources = new WeakMap<
    TypedExpression,
    { name: string; options: readonly string[] }
  >();

  constructor(source: string, options: CheckOptions) {
    this.source = source;
    this.schema = options.schema;
    this.object = options.object;
    this.writeContext = options.writeContext ?? false;
  }

  resolveReference(path: readonly PathSegment[]): ResolvedPath {
    return resolvePath(this.schema, this.object, path);
  }

  readsWrite(field: string | null): void {
    this.writeRead = true;
    if (field !== null) this.priorFields.add(field);
  }

  rememberOptions(node: TypedExpression, name: string, options: readonly string[]): void {
    this.optionSources.set(node, { name, options });
  }

  checkOption(subject: TypedExpression, value: TypedExpression): void {
    const source = this.optionSources.get(subject);
    if (!source || value.kind !== "literal" || typeof value.value !== "string") return;
    if (source.options.includes(value.value)) return;
    this.report("unknown_option", value.span, {
      value: value.value,
      name: source.name,
      options: source.options.join(", "),
    });
  }

  /** A field node, remembering a select's options; a path into the user directory becomes a directory node. */
  private fieldNode(
    resolved: Extract<ResolvedPath, { kind: "value" }>,
    scope: "record" | "row",
    names: readonly string[],
    span: Span,
  ): TypedExpression {
    const at = resolved.directoryAt;
    let node: TypedExpression;
    if (at === undefined) node = { kind: "field", type: resolved.type, scope, path: names, span };
    else {
      this.readsDirectory = true;
      const user: TypedExpression = { kind: "field", type: "user", scope, path: names.slice(0, at), span };
      node = { kind: "directory", type: resolved.type, user, path: names.slice(at), span };
    }
    if (resolved.options) this.rememberOptions(node, names.join("."), resolved.options);
    return node;
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
        if (typing.operator === "eq" || typing.operator === "ne") {
          this.checkOption(left, right);
          this.checkOption(right, left);
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
      return this.fieldNode(resolved, "row", pathNames(rest), expr.span);
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
    return this.fieldNode(resolved, "record", names, expr.span);
  }

  private call(expr: CallExpression, list: ListScope | null): TypedExpression {
    if (isWriteFunction(expr.name)) return checkWriteCall(this, expr);
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
  const checker = new Checker(source, options);
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
      readsDirectory: checker.readsDirectory,
      readsWrite: checker.writeRead,
      priorFields: [...checker.priorFields],
    },
  };
}
