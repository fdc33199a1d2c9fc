import type { CallExpression, Expression } from "./ast.ts";
import { type CheckContext, concretize, errorNode, type ListScope, REPRESENTATIVE } from "./check-context.ts";
import { type CheckedType, fitsGroup, unifyTypes } from "./formula-types.ts";
import type { AggregateFunction, FunctionCheck, ScalarFunction } from "./functions/function.ts";
import { spanInTextLiteral } from "./positions.ts";
import type { TypedExpression } from "./typed-ast.ts";

function functionCheck(
  context: CheckContext,
  expr: CallExpression,
  args: readonly TypedExpression[],
  expected: Map<number, CheckedType>,
): FunctionCheck {
  const name = expr.name;
  return {
    name,
    args,
    span: expr.span,
    expect(index, group) {
      const arg = args[index];
      if (!arg) return false;
      expected.set(index, REPRESENTATIVE[group]);
      if (fitsGroup(arg.type, group)) return true;
      context.report("argument_type", arg.span, {
        name,
        position: index + 1,
        expected: group,
        actual: arg.type,
      });
      return false;
    },
    common(indexes) {
      let type: CheckedType = "null";
      for (const index of indexes) {
        const arg = args[index]!;
        const next = unifyTypes(type, arg.type);
        if (next === undefined) {
          context.report("mismatched_types", arg.span, { name, first: type, other: arg.type });
          return "error";
        }
        type = next;
      }
      for (const index of indexes) expected.set(index, type);
      return type;
    },
    literal(index) {
      const arg = expr.args[index];
      if (arg?.kind === "text") return arg.value;
      if (arg) context.report("literal_required", arg.span, { name, position: index + 1 });
      return undefined;
    },
    spanInLiteral: (index, offset) => spanInTextLiteral(context.source, expr.args[index]!.span, offset),
    report: (code, span, params) => context.report(code, span, params),
    option: (subject, value) => context.checkOption(args[subject]!, args[value]!),
  };
}

/** A call of a scalar function: arity, the function's own type rule, typed NULLs for BLANK arguments. */
export function checkScalarCall(
  context: CheckContext,
  expr: CallExpression,
  fn: ScalarFunction,
  list: ListScope | null,
): TypedExpression {
  if (!context.checkArity(expr, fn.minArgs, fn.maxArgs)) return errorNode(expr.span);
  const args = expr.args.map((arg) => context.check(arg, list));
  const expected = new Map<number, CheckedType>();
  const errorsBefore = context.errorCount;
  const result = fn.check(functionCheck(context, expr, args, expected));
  const checkedType = typeof result === "string" ? result : result.type;
  // A call with a wrong argument is reported once, not again by every operator above it.
  const type = context.errorCount > errorsBefore ? "error" : checkedType;
  const typedArgs = args.map((arg, i) => concretize(arg, expected.get(i) ?? "text"));
  return {
    kind: "call",
    fn,
    type,
    args: typedArgs,
    data: typeof result === "string" ? {} : result.data,
    span: expr.span,
  };
}

/** SUM, COUNT, AVG, MIN or MAX over `found`: the value and the condition are read on each list record. */
export function checkAggregate(
  context: CheckContext,
  expr: CallExpression,
  fn: AggregateFunction,
  found: ListScope | null,
  outer: ListScope | null,
): TypedExpression {
  if (outer) {
    context.report("nested_aggregate", expr.nameSpan, { name: expr.name });
    return errorNode(expr.span);
  }
  if (!found) {
    context.report("aggregate_needs_list", expr.args[0]?.span ?? expr.nameSpan, { name: expr.name });
    return errorNode(expr.span);
  }
  if (!context.addAggregate(expr.nameSpan)) return errorNode(expr.span);
  if (!context.checkArity(expr, 1, 2)) return errorNode(expr.span);
  const errorsBefore = context.errorCount;
  const [first, second] = expr.args as [Expression, Expression | undefined];
  const wholeList = first.kind === "reference" && first.path.length === found.path.length;
  let value: TypedExpression | null = null;
  if (wholeList) {
    if (fn.valueGroup !== null) {
      context.report("relation_needs_field", first.span, { name: found.path.join(".") });
      return errorNode(expr.span);
    }
    context.addDependency(found.path);
  } else {
    value = context.check(first, found);
    // COUNT counts non-blank values of any type.
    if (fn.valueGroup !== null && !fitsGroup(value.type, fn.valueGroup)) {
      context.report("argument_type", first.span, {
        name: expr.name,
        position: 1,
        expected: fn.valueGroup,
        actual: value.type,
      });
    }
    value = concretize(value, REPRESENTATIVE[fn.valueGroup ?? "scalar"]);
  }
  let condition: TypedExpression | null = null;
  if (second) {
    condition = context.check(second, found);
    if (!fitsGroup(condition.type, "boolean")) {
      context.report("argument_type", second.span, {
        name: expr.name,
        position: 2,
        expected: "boolean",
        actual: condition.type,
      });
    }
    condition = concretize(condition, "boolean");
  }
  return {
    kind: "aggregate",
    fn,
    type: context.errorCount > errorsBefore ? "error" : fn.resultType(value?.type ?? null),
    list: found.path,
    value,
    condition,
    span: expr.span,
  };
}
