import { type CheckedCondition, resolveRelativeDate } from "@keduo/core";
import type { ValueFilter } from "../formula-sql/index.ts";

const point = (value: unknown): ValueFilter => ({
  kind: "range",
  lower: { value, inclusive: true },
  upper: { value, inclusive: true },
});

/**
 * A condition on a formula's value as a date-column plan takes it (formula-sql/date-column-plan.ts), or
 * null when it is not one a plan can answer: then the formula is compared as its expression.
 */
export function formulaValueFilter(condition: CheckedCondition, today: string): ValueFilter | null {
  switch (condition.kind) {
    case "compare": {
      const bound = (inclusive: boolean) => ({ value: condition.value, inclusive });
      switch (condition.operator) {
        case "eq":
          return point(condition.value);
        case "neq":
          return { kind: "not", filter: point(condition.value) };
        case "lt":
          return { kind: "range", upper: bound(false) };
        case "lte":
          return { kind: "range", upper: bound(true) };
        case "gt":
          return { kind: "range", lower: bound(false) };
        case "gte":
          return { kind: "range", lower: bound(true) };
      }
      return null;
    }
    case "between":
      return {
        kind: "range",
        lower: { value: condition.from, inclusive: true },
        upper: { value: condition.to, inclusive: true },
      };
    case "in": {
      const oneOf: ValueFilter = { kind: "any", filters: condition.values.map(point) };
      return condition.negated ? { kind: "not", filter: oneOf } : oneOf;
    }
    case "empty":
      return condition.empty ? { kind: "empty" } : { kind: "not", filter: { kind: "empty" } };
    case "within": {
      if (condition.field.config.result_type !== "date") return null;
      const range = resolveRelativeDate(condition.period, today);
      return {
        kind: "range",
        lower: { value: range.from, inclusive: true },
        upper: { value: range.toExclusive, inclusive: false },
      };
    }
    default:
      return null;
  }
}
