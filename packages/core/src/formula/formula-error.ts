import type { ErrorParams } from "../errors/keduo-error.ts";
import type { Span } from "./ast.ts";

/** Stable codes; messages live in error-messages.ts, one per code and language. */
export const FORMULA_ERROR_CODES = [
  // Reading the text.
  "too_long",
  "unexpected_character",
  "full_width_character",
  "use_instead",
  "unterminated_text",
  "number_too_long",
  "invalid_number",
  "expected_name_after_dot",
  "unexpected_token",
  "unexpected_end",
  "expected_closing_paren",
  "chained_comparison",
  "too_deep",
  "too_many_nodes",
  "too_many_arguments",
  // Names.
  "unknown_field",
  "unknown_function",
  "not_a_relation",
  "relation_needs_field",
  "list_needs_aggregate",
  "too_many_hops",
  // Types.
  "argument_count",
  "argument_type",
  "operand_type",
  "cannot_add",
  "cannot_subtract",
  "cannot_multiply",
  "cannot_divide",
  "cannot_concatenate",
  "cannot_compare",
  "not_ordered",
  "mismatched_types",
  "pairs_required",
  "literal_required",
  "invalid_unit",
  "wrong_result_type",
  "unknown_option",
  // Reading the write (ISNEW, ISCHANGED, PRIORVALUE).
  "write_context_only",
  "prior_needs_field",
  // Aggregates.
  "aggregate_needs_list",
  "nested_aggregate",
  "mixed_lists",
  "too_many_aggregates",
  // REGEXMATCH patterns.
  "pattern_too_long",
  "pattern_too_large",
  "pattern_syntax",
  "pattern_unsupported",
  "pattern_backreference",
  "pattern_nested_quantifier",
  "pattern_repeat_bound",
  "pattern_bad_range",
] as const;

export type FormulaErrorCode = (typeof FORMULA_ERROR_CODES)[number];

/** One problem of a formula, with the span it is about. Params are raw (type names, counts); formatting translates them. */
export interface FormulaError {
  readonly code: FormulaErrorCode;
  readonly params: ErrorParams;
  readonly span: Span;
}

export function formulaError(code: FormulaErrorCode, span: Span, params: ErrorParams = {}): FormulaError {
  return { code, params, span };
}
