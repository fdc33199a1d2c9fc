/**
 * The syntax tree of a formula, as written. Nodes are immutable; every node carries its source span so
 * the checker can point at the exact place of a problem.
 */

/** A place in the source: `offset` in UTF-16 units (what editors use), `line` and `column` from 1, the column in code points. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Half-open: `end` is the position just after the last character. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

export type BinaryOperator =
  | "+"
  | "-"
  | "*"
  | "/"
  | "&"
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "AND"
  | "OR";
export type UnaryOperator = "-" | "+" | "NOT";

export interface PathSegment {
  readonly name: string;
  readonly span: Span;
}

export interface NumberLiteral {
  readonly kind: "number";
  /** Digits as written, e.g. "12.50". */
  readonly text: string;
  readonly span: Span;
}

export interface TextLiteral {
  readonly kind: "text";
  readonly value: string;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: "boolean";
  readonly value: boolean;
  readonly span: Span;
}

export interface BlankLiteral {
  readonly kind: "blank";
  readonly span: Span;
}

/** `amount`, `account.owner.name`: a field, possibly through relations. */
export interface Reference {
  readonly kind: "reference";
  readonly path: readonly PathSegment[];
  readonly span: Span;
}

export interface UnaryExpression {
  readonly kind: "unary";
  readonly operator: UnaryOperator;
  readonly operand: Expression;
  readonly operatorSpan: Span;
  readonly span: Span;
}

export interface BinaryExpression {
  readonly kind: "binary";
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
  readonly operatorSpan: Span;
  readonly span: Span;
}

export interface CallExpression {
  readonly kind: "call";
  /** Upper-cased: function names are case-insensitive. */
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Expression[];
  readonly span: Span;
}

export type Expression =
  | NumberLiteral
  | TextLiteral
  | BooleanLiteral
  | BlankLiteral
  | Reference
  | UnaryExpression
  | BinaryExpression
  | CallExpression;

export function spanOf(start: Span, end: Span): Span {
  return { start: start.start, end: end.end };
}
