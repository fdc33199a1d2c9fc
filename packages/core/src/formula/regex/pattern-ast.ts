/** A REGEXMATCH pattern after validation: the subset that means the same in our matcher and in PostgreSQL. */
export type PatternNode =
  | { readonly kind: "char"; readonly codePoint: number }
  | { readonly kind: "any" }
  /** Inclusive code point ranges. */
  | {
      readonly kind: "class";
      readonly negated: boolean;
      readonly ranges: ReadonlyArray<readonly [number, number]>;
    }
  | { readonly kind: "start" }
  | { readonly kind: "end" }
  | { readonly kind: "group"; readonly body: PatternNode }
  | { readonly kind: "sequence"; readonly items: readonly PatternNode[] }
  | { readonly kind: "alternation"; readonly options: readonly PatternNode[] }
  /** `max` null: unbounded. */
  | {
      readonly kind: "repeat";
      readonly body: PatternNode;
      readonly min: number;
      readonly max: number | null;
    };

/** A validation problem; `index` is the UTF-16 offset in the pattern text. */
export interface PatternProblem {
  readonly code:
    | "pattern_too_long"
    | "pattern_too_large"
    | "pattern_syntax"
    | "pattern_unsupported"
    | "pattern_backreference"
    | "pattern_nested_quantifier"
    | "pattern_repeat_bound"
    | "pattern_bad_range";
  readonly index: number;
  readonly params?: Record<string, string | number>;
}
