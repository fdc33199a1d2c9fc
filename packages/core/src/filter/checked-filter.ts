import type { FieldDefinition } from "../metadata/definitions.ts";
import type { RelativeDate } from "../time/relative-dates.ts";

/**
 * A filter checked against the fields it names: what a compiler walks. Each condition holds its field's
 * definition and its operands read as that field's type (the bind values: a decimal as text, a lower-case
 * UUID, a date). Nothing in it needs checking again.
 */
export type CheckedFilter =
  | { readonly kind: "and"; readonly nodes: readonly CheckedFilter[] }
  | { readonly kind: "or"; readonly nodes: readonly CheckedFilter[] }
  | { readonly kind: "not"; readonly node: CheckedFilter }
  | CheckedCondition;

interface OnField {
  readonly field: FieldDefinition;
}

export type CheckedCondition =
  /** `neq` is true for blanks too, as people expect from a spreadsheet filter. */
  | (OnField & {
      readonly kind: "compare";
      readonly operator: "eq" | "neq" | "lt" | "lte" | "gt" | "gte";
      readonly value: unknown;
    })
  | (OnField & { readonly kind: "between"; readonly from: unknown; readonly to: unknown })
  /**
   * `in`: the value is one of `values` (a set-valued field: holds any of them; an address: at any level).
   * `negated` (`nin`): none of them, blanks included.
   */
  | (OnField & { readonly kind: "in"; readonly negated: boolean; readonly values: readonly unknown[] })
  /** `contains` on a set-valued field (FieldType.holdsManyOf): holds every one of `values`. */
  | (OnField & { readonly kind: "contains_all"; readonly values: readonly unknown[] })
  /** `contains` / `starts_with` on text, case-insensitive; the text is literal (no wildcards). */
  | (OnField & { readonly kind: "text"; readonly match: "contains" | "starts_with"; readonly text: string })
  /** `is_empty: true` and `is_not_empty: false` both ask `empty: true`. */
  | (OnField & { readonly kind: "empty"; readonly empty: boolean })
  /** A period relative to the org's today, resolved by the compiler from its clock reading. */
  | (OnField & { readonly kind: "within"; readonly period: RelativeDate });
