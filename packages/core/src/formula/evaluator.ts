import type { CheckedFormula } from "./checker.ts";
import type { FormulaContext } from "./context.ts";
import { type FormulaDirectory, readDirectory } from "./directory.ts";
import { asBoolean, asNumber } from "./functions/argument-values.ts";
import { evaluateBinary } from "./operators.ts";
import type { FormulaRecord } from "./record.ts";
import type { TypedAggregate, TypedExpression } from "./typed-ast.ts";
import { type FormulaValue, toFormulaValue } from "./values.ts";

/** What a formula may read besides its record: the write being checked, the user directory. */
export interface EvaluationSources {
  /** For formulas checked on a write: the record as it was before it, null when the write creates it. */
  readonly write?: { readonly prior: FormulaRecord | null };
  /** Where `owner_id.manager.name` and the like are read. */
  readonly directory?: FormulaDirectory;
}

interface Scope {
  readonly record: FormulaRecord;
  /** The list record an aggregate is reading. */
  readonly row: FormulaRecord | null;
  readonly context: FormulaContext;
  readonly sources: EvaluationSources;
}

// The checker lets these nodes through only where the caller provides their source: a miss is a bug.
function sourceOrThrow<T>(source: T | undefined, what: string): T {
  if (source === undefined) throw new Error(`formula evaluator: no ${what} given`);
  return source;
}

function evaluateAggregate(node: TypedAggregate, scope: Scope): FormulaValue {
  const values: FormulaValue[] = [];
  for (const row of scope.record.list(node.list)) {
    const rowScope: Scope = { ...scope, row };
    if (node.condition && !asBoolean(evaluate(node.condition, rowScope))) continue;
    const value = node.value ? evaluate(node.value, rowScope) : true;
    if (value !== null) values.push(value);
  }
  return node.fn.evaluate(values, node);
}

function evaluate(node: TypedExpression, scope: Scope): FormulaValue {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "field": {
      const source = node.scope === "row" ? scope.row : scope.record;
      if (!source) throw new Error("formula evaluator: a list field outside its aggregate");
      return toFormulaValue(source.value(node.path), node.type);
    }
    case "unary": {
      const value = evaluate(node.operand, scope);
      if (node.operator === "not") return !asBoolean(value);
      return asNumber(value)?.neg() ?? null;
    }
    case "binary":
      return evaluateBinary(node.operator, evaluate(node.left, scope), evaluate(node.right, scope));
    case "call":
      return node.fn.evaluate(
        node.args.map((arg) => evaluate(arg, scope)),
        node,
        scope.context,
      );
    case "aggregate":
      return evaluateAggregate(node, scope);
    case "directory": {
      const directory = sourceOrThrow(scope.sources.directory, "user directory");
      return readDirectory(directory, evaluate(node.user, scope), node.path, node.type);
    }
    case "prior": {
      const { prior } = sourceOrThrow(scope.sources.write, "write");
      return prior ? toFormulaValue(prior.value([node.name]), node.type) : null;
    }
    case "is_new":
      return sourceOrThrow(scope.sources.write, "write").prior === null;
  }
}

/**
 * Computes a checked formula for one record in TypeScript, with exact decimals and the same BLANK rules
 * as the SQL the formula compiles to.
 * A formula that reads the write or the user directory needs them in `sources`.
 * @example evaluateFormula(formula, plainFormulaRecord({ amount: "1200.00" }), createFormulaContext(clock, "Asia/Shanghai"))
 */
export function evaluateFormula(
  formula: CheckedFormula,
  record: FormulaRecord,
  context: FormulaContext,
  sources: EvaluationSources = {},
): FormulaValue {
  return evaluate(formula.expression, { record, row: null, context, sources });
}
