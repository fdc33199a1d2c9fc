import {
  type CheckedFormula,
  evaluateFormula,
  type FieldDefinition,
  type FormulaContext,
  type FormulaValue,
  type MetadataSnapshot,
  plainFormulaRecord,
  type TypedExpression,
} from "@keduo/core";
import { checkFormulaField, MAX_FORMULA_NESTING } from "./formula-check-cache.ts";
import { hasFilledColumn } from "./stored-formula-paths.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/**
 * A sub-expression that varies with the one date column, monotone in it: `direction` 1 when it never
 * decreases as the date grows, -1 when it never increases; `strict` when different dates always give
 * different values (so a sort on it equals a sort on the date, ties included). `inner` is its one operand
 * that varies (null for the column itself): the chain the plan walks to find where the value is BLANK.
 */
export interface MonotoneNode {
  readonly node: TypedExpression;
  readonly direction: 1 | -1;
  readonly strict: boolean;
  readonly inner: MonotoneNode | null;
}

/** A boolean formula built from comparisons of monotone values with constants. */
export type BooleanShape =
  | {
      readonly kind: "compare";
      readonly operator: Comparison;
      readonly value: MonotoneNode;
      readonly other: TypedExpression;
    }
  | { readonly kind: "and" | "or"; readonly parts: readonly BooleanShape[] }
  | { readonly kind: "not"; readonly part: BooleanShape }
  | { readonly kind: "constant"; readonly node: TypedExpression };

export type Comparison = "lt" | "le" | "gt" | "ge" | "eq" | "ne";

export interface DateColumnShape {
  /** The date column (API name) the formula is a function of. */
  readonly column: string;
  /** The formula with the formula fields it reads inlined: it reads only `column`. */
  readonly formula: CheckedFormula;
  readonly top:
    | { readonly kind: "value"; readonly value: MonotoneNode }
    | { readonly kind: "boolean"; readonly shape: BooleanShape };
}

const FLIP: Record<Comparison, Comparison> = { lt: "gt", le: "ge", gt: "lt", ge: "le", eq: "eq", ne: "ne" };
const NUMERIC = new Set(["number", "currency", "percent"]);

function visibleField(snapshot: Snapshot, object: string, name: string): FieldDefinition | undefined {
  return snapshot.objects.get(object)?.fields.find((f) => f.apiName === name && !f.hidden);
}

/**
 * The expression with every formula field it reads replaced by that formula's own expression, so that only
 * columns remain; null when it reads anything but date columns of its own record (a relation, a list, a
 * stored or a non-date field). `columns` collects the columns read.
 */
function inline(
  snapshot: Snapshot,
  object: string,
  node: TypedExpression,
  columns: Set<string>,
  storedColumns: boolean,
  depth: number,
): TypedExpression | null {
  const again = (child: TypedExpression) => inline(snapshot, object, child, columns, storedColumns, depth);
  switch (node.kind) {
    case "literal":
      return node;
    case "aggregate":
    case "directory":
    case "prior":
    case "is_new":
      return null;
    case "field": {
      if (node.scope !== "record" || node.path.length !== 1) return null;
      const field = visibleField(snapshot, object, node.path[0]!);
      if (!field) return null;
      if (field.type === "date") {
        columns.add(field.apiName);
        return node;
      }
      // A stored formula is read from its own column (ADR 0010): left as it is, it is not a date column here.
      if (field.type !== "formula" || (storedColumns && hasFilledColumn(snapshot, field))) return null;
      const checked = checkFormulaField(snapshot, field);
      if (!checked.ok || depth >= MAX_FORMULA_NESTING) return null;
      return inline(snapshot, object, checked.formula.expression, columns, storedColumns, depth + 1);
    }
    case "unary": {
      const operand = again(node.operand);
      return operand && { ...node, operand };
    }
    case "binary": {
      const left = again(node.left);
      const right = left && again(node.right);
      return right && { ...node, left: left!, right };
    }
    case "call": {
      const args: TypedExpression[] = [];
      for (const arg of node.args) {
        const inlined = again(arg);
        if (!inlined) return null;
        args.push(inlined);
      }
      return { ...node, args };
    }
  }
}

function readsColumn(node: TypedExpression): boolean {
  switch (node.kind) {
    case "field":
      return true;
    case "literal":
      return false;
    case "unary":
      return readsColumn(node.operand);
    case "binary":
      return readsColumn(node.left) || readsColumn(node.right);
    case "call":
      return node.args.some(readsColumn);
    case "aggregate":
    case "directory":
    case "prior":
    case "is_new":
      return true;
  }
}

/** Proves monotonicity by structure: each rule below is one operation that keeps a value monotone in its operand. */
class Analysis {
  readonly formula: CheckedFormula;
  readonly context: FormulaContext;

  constructor(formula: CheckedFormula, context: FormulaContext) {
    this.formula = formula;
    this.context = context;
  }

  /** A sub-expression that does not read the column: one value for the whole request. */
  constant(node: TypedExpression): FormulaValue {
    return evaluateFormula({ ...this.formula, expression: node }, plainFormulaRecord({}), this.context);
  }

  value(node: TypedExpression): MonotoneNode | null {
    const make = (inner: MonotoneNode, direction: number, { strict }: { strict: boolean }): MonotoneNode => ({
      node,
      direction: direction < 0 ? -1 : 1,
      strict: strict && inner.strict,
      inner,
    });
    switch (node.kind) {
      case "field":
        return node.type === "date" ? { node, direction: 1, strict: true, inner: null } : null;
      case "unary": {
        const inner = node.operator === "negate" ? this.value(node.operand) : null;
        return inner && make(inner, -inner.direction, { strict: true });
      }
      case "binary": {
        const leftVaries = readsColumn(node.left);
        if (leftVaries === readsColumn(node.right)) return null;
        const varying = leftVaries ? node.left : node.right;
        const other = leftVaries ? node.right : node.left;
        const inner = this.value(varying);
        if (!inner) return null;
        const d = inner.direction;
        switch (node.operator) {
          case "add":
            return make(inner, d, { strict: true });
          case "subtract":
          case "days_between":
            return make(inner, leftVaries ? d : -d, { strict: true });
          // Shifting a date by a constant number of days: the date must be the varying side, so a BLANK
          // (out of 0001–9999) can only appear at one end of the column's range.
          case "add_days":
            return varying.type === "date" ? make(inner, d, { strict: true }) : null;
          case "subtract_days":
            return leftVaries && varying.type === "date" ? make(inner, d, { strict: true }) : null;
          case "multiply":
          case "divide": {
            if (node.operator === "divide" && !leftVaries) return null;
            const factor = this.constant(other);
            if (factor === null || typeof factor !== "object" || !("isZero" in factor))
              return make(inner, d, { strict: false });
            if (factor.isZero()) return make(inner, d, { strict: false });
            // Division cuts to 10 places: monotone, but two values may cut to one.
            return make(inner, factor.isNegative() ? -d : d, { strict: node.operator === "multiply" });
          }
          default:
            return null;
        }
      }
      case "call": {
        const unit = node.data.unit;
        if (node.fn.name === "DATEDIF") {
          const [start, end] = node.args;
          const startVaries = readsColumn(start!);
          if (startVaries === readsColumn(end!) || readsColumn(node.args[2]!)) return null;
          const inner = this.value(startVaries ? start! : end!);
          // Whole days differ for different dates; weeks, months and years put many dates on one value.
          return (
            inner && make(inner, startVaries ? -inner.direction : inner.direction, { strict: unit === "day" })
          );
        }
        if (node.fn.name === "DATEADD") {
          const [date, amount, unitArg] = node.args;
          if (node.type !== "date" || readsColumn(amount!) || readsColumn(unitArg!)) return null;
          const inner = this.value(date!);
          // Month arithmetic clamps to the month end (31 Jan and 30 Jan + 1 month are both 28/29 Feb).
          return inner && make(inner, inner.direction, { strict: unit === "day" || unit === "week" });
        }
        return null;
      }
      default:
        return null;
    }
  }

  boolean(node: TypedExpression): BooleanShape | null {
    if (!readsColumn(node)) return { kind: "constant", node };
    if (node.kind === "binary") {
      if (node.operator === "and" || node.operator === "or") {
        const parts = [this.boolean(node.left), this.boolean(node.right)];
        return parts.every((p) => p !== null)
          ? { kind: node.operator, parts: parts as BooleanShape[] }
          : null;
      }
      if (!(node.operator in FLIP)) return null;
      const leftVaries = readsColumn(node.left);
      if (leftVaries === readsColumn(node.right)) return null;
      const value = this.value(leftVaries ? node.left : node.right);
      if (!value) return null;
      const operator = node.operator as Comparison;
      return {
        kind: "compare",
        operator: leftVaries ? operator : FLIP[operator],
        value,
        other: leftVaries ? node.right : node.left,
      };
    }
    if (node.kind === "unary" && node.operator === "not") {
      const part = this.boolean(node.operand);
      return part && { kind: "not", part };
    }
    if (node.kind === "call" && (node.fn.name === "AND" || node.fn.name === "OR" || node.fn.name === "NOT")) {
      const parts = node.args.map((arg) => this.boolean(arg));
      if (!parts.every((p) => p !== null)) return null;
      if (node.fn.name === "NOT") return parts.length === 1 ? { kind: "not", part: parts[0]! } : null;
      return { kind: node.fn.name === "AND" ? "and" : "or", parts: parts as BooleanShape[] };
    }
    return null;
  }
}

/**
 * Whether a formula field is a proven-monotone function of one date column of its record (and of constants:
 * literals, TODAY(), NOW()), and how: `DATEDIF(TODAY(), close_date, "day")`, `TODAY() - last_contact`,
 * `DATEADD(renewal, -30, "day") <= TODAY()`, `AND(end >= TODAY(), end <= TODAY() + 30)`. Null for every
 * other formula, which keeps being compared as its expression.
 */
export function dateColumnShape(options: {
  snapshot: Snapshot;
  field: FieldDefinition;
  context: FormulaContext;
  storedColumns: boolean;
}): DateColumnShape | null {
  const { snapshot, field, context, storedColumns } = options;
  if (field.type !== "formula" || (storedColumns && hasFilledColumn(snapshot, field))) return null;
  const checked = checkFormulaField(snapshot, field);
  if (!checked.ok) return null;
  const columns = new Set<string>();
  const expression = inline(
    snapshot,
    field.objectApiName,
    checked.formula.expression,
    columns,
    storedColumns,
    0,
  );
  if (!expression || columns.size !== 1) return null;
  const formula: CheckedFormula = { ...checked.formula, expression };
  const analysis = new Analysis(formula, context);
  const column = [...columns][0]!;
  if (formula.type === "boolean") {
    const shape = analysis.boolean(expression);
    return shape && { column, formula, top: { kind: "boolean", shape } };
  }
  if (!NUMERIC.has(formula.type) && formula.type !== "date") return null;
  const value = analysis.value(expression);
  return value && { column, formula, top: { kind: "value", value } };
}
