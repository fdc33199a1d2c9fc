import type { Translatable } from "../i18n/locale.ts";
import type { CallExpression } from "./ast.ts";
import { type CheckContext, errorNode } from "./check-context.ts";
import type { TypedExpression } from "./typed-ast.ts";

/** Functions that read the write being checked; only formulas that run on a write may use them. */
export const WRITE_FUNCTIONS: ReadonlyArray<{ name: string; syntax: string; description: Translatable }> = [
  {
    name: "ISNEW",
    syntax: "ISNEW()",
    description: { "zh-CN": "本次写入是新建记录时为真", en: "True when the write creates the record" },
  },
  {
    name: "ISCHANGED",
    syntax: "ISCHANGED(field)",
    description: {
      "zh-CN": "本次写入改变了该字段的值时为真（新建记录时为假）",
      en: "True when the write changes the field's value (false for a new record)",
    },
  },
  {
    name: "PRIORVALUE",
    syntax: "PRIORVALUE(field)",
    description: {
      "zh-CN": "该字段在本次写入之前的值（新建记录时为空）",
      en: "The field's value before the write (BLANK for a new record)",
    },
  },
];

const NAMES = new Set(WRITE_FUNCTIONS.map((fn) => fn.name));

export function isWriteFunction(name: string): boolean {
  return NAMES.has(name);
}

/** The stored field of the record itself that PRIORVALUE or ISCHANGED reads, as a field node. */
function ownField(context: CheckContext, expr: CallExpression) {
  const arg = expr.args[0]!;
  const refuse = () => {
    context.report("prior_needs_field", arg.span, { name: expr.name });
    return null;
  };
  if (arg.kind !== "reference" || arg.path.length !== 1) return refuse();
  const resolved = context.resolveReference(arg.path);
  if (resolved.kind === "error") {
    context.report(resolved.error.code, resolved.error.span, resolved.error.params);
    return null;
  }
  // A formula field has no stored prior value; a list is not one value.
  if (resolved.kind !== "value" || resolved.computed) return refuse();
  const name = arg.path[0]!.name;
  context.addDependency([name]);
  context.readsWrite(name);
  const field: TypedExpression = {
    kind: "field",
    type: resolved.type,
    scope: "record",
    path: [name],
    span: arg.span,
  };
  const prior: TypedExpression = { kind: "prior", type: resolved.type, name, span: expr.span };
  if (resolved.options) {
    context.rememberOptions(field, name, resolved.options);
    context.rememberOptions(prior, name, resolved.options);
  }
  return { field, prior };
}

/**
 * ISNEW(), ISCHANGED(field) and PRIORVALUE(field). They need the state before the write, which only a
 * formula checked on a write has (a validation rule; later automation and approval conditions): anywhere
 * else they are refused. ISCHANGED(x) is `AND(NOT ISNEW(), x <> PRIORVALUE(x))`, so both back ends share
 * the meaning of `<>` (BLANK is a value: a field that becomes BLANK has changed).
 */
export function checkWriteCall(context: CheckContext, expr: CallExpression): TypedExpression {
  if (!context.writeContext) {
    context.report("write_context_only", expr.nameSpan, { name: expr.name });
    return errorNode(expr.span);
  }
  const isNew = expr.name === "ISNEW";
  if (!context.checkArity(expr, isNew ? 0 : 1, isNew ? 0 : 1)) return errorNode(expr.span);
  const created: TypedExpression = { kind: "is_new", type: "boolean", span: expr.span };
  if (isNew) {
    context.readsWrite(null);
    return created;
  }
  const own = ownField(context, expr);
  if (!own) return errorNode(expr.span);
  if (expr.name === "PRIORVALUE") return own.prior;
  const span = expr.span;
  return {
    kind: "binary",
    operator: "and",
    type: "boolean",
    left: { kind: "unary", operator: "not", type: "boolean", operand: created, span },
    right: { kind: "binary", operator: "ne", type: "boolean", left: own.field, right: own.prior, span },
    span,
  };
}
