/**
 * Bounds on the work one formula may cause. PGlite ignores `statement_timeout`, so the app enforces them
 * when a formula is checked; with them, no number a formula computes can outgrow PostgreSQL's numeric
 * (see README.md, "Limits").
 */
export const FORMULA_LIMITS = {
  /** Characters (code points) of formula source. */
  maxLength: 4000,
  /** Nesting of operators and function calls. */
  maxDepth: 64,
  /** Operators, literals, references and calls in one formula. */
  maxNodes: 500,
  /** Relations followed by one reference, counting the list of an aggregate (`account.owner.name` is 2). */
  maxRelationHops: 3,
  /** Aggregates (rollups) in one formula. */
  maxAggregates: 10,
  /** Arguments of one call (IFS, SWITCH, CONCAT …). */
  maxArguments: 64,
  /** Digits of a number literal, before and after the point together. */
  maxNumberDigits: 30,
  /** Characters of a REGEXMATCH pattern. */
  maxPatternLength: 200,
  /** Upper bound of a counted repetition `{n,m}` in a pattern. */
  maxPatternRepeat: 100,
  /** Instructions of a compiled pattern, after counted repetitions are expanded. */
  maxPatternProgram: 5000,
} as const;

/** Decimal places kept by division, AVG, SQRT and negative powers; further digits are cut off. */
export const DIVISION_SCALE = 10;

/** Whole-number arguments (counts, positions, DATEADD amounts) are clamped to this magnitude. */
export const MAX_WHOLE_ARGUMENT = 1_000_000;
