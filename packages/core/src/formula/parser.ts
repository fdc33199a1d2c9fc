import {
  type BinaryOperator,
  type Expression,
  type PathSegment,
  type Span,
  spanOf,
  type UnaryOperator,
} from "./ast.ts";
import { type FormulaError, formulaError } from "./formula-error.ts";
import { type Token, tokenize } from "./lexer.ts";
import { FORMULA_LIMITS } from "./limits.ts";

export type ParseResult = { ok: true; expression: Expression } | { ok: false; error: FormulaError };

/**
 * Binding power of each binary operator, lowest first (README.md has the table). Comparisons do not
 * chain: `a < b < c` is an error rather than a surprise.
 */
const BINARY_PRECEDENCE: Record<BinaryOperator, number> = {
  OR: 1,
  AND: 2,
  "=": 4,
  "<>": 4,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "&": 5,
  "+": 6,
  "-": 6,
  "*": 7,
  "/": 7,
};
const NOT_OPERAND_PRECEDENCE = 3;
const UNARY_OPERAND_PRECEDENCE = 8;
const COMPARISON_PRECEDENCE = 4;
const KEYWORD_CALLS = new Set(["AND", "OR", "NOT"]);

class ParseFailure extends Error {
  readonly error: FormulaError;
  constructor(error: FormulaError) {
    super(error.code);
    this.error = error;
  }
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private nodes = 0;
  private recursion = 0;
  private readonly depths = new WeakMap<Expression, number>();

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  parse(): Expression {
    const expression = this.expression(0);
    const next = this.peek();
    if (next.kind !== "end") this.fail("unexpected_token", next.span, { found: describe(next) });
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index++;
    return token;
  }

  private fail(code: FormulaError["code"], span: Span, params: FormulaError["params"] = {}): never {
    throw new ParseFailure(formulaError(code, span, params));
  }

  /** Registers a node, enforcing the node and depth limits where the node is made. */
  private node<T extends Expression>(node: T, children: readonly Expression[], at: Span): T {
    if (++this.nodes > FORMULA_LIMITS.maxNodes)
      this.fail("too_many_nodes", at, { max: FORMULA_LIMITS.maxNodes });
    const depth = 1 + Math.max(0, ...children.map((child) => this.depths.get(child) ?? 1));
    if (depth > FORMULA_LIMITS.maxDepth) this.fail("too_deep", at, { max: FORMULA_LIMITS.maxDepth });
    this.depths.set(node, depth);
    return node;
  }

  private expression(minPrecedence: number): Expression {
    if (++this.recursion > FORMULA_LIMITS.maxDepth * 2) {
      this.fail("too_deep", this.peek().span, { max: FORMULA_LIMITS.maxDepth });
    }
    let left = this.prefix();
    for (;;) {
      const operator = binaryOperatorOf(this.peek());
      if (!operator) break;
      const precedence = BINARY_PRECEDENCE[operator];
      if (precedence <= minPrecedence) break;
      const operatorSpan = this.next().span;
      const right = this.expression(precedence);
      if (precedence === COMPARISON_PRECEDENCE) {
        const following = binaryOperatorOf(this.peek());
        if (following && BINARY_PRECEDENCE[following] === COMPARISON_PRECEDENCE) {
          this.fail("chained_comparison", this.peek().span, { operator: following });
        }
      }
      left = this.node(
        { kind: "binary", operator, left, right, operatorSpan, span: spanOf(left.span, right.span) },
        [left, right],
        operatorSpan,
      );
    }
    this.recursion--;
    return left;
  }

  private prefix(): Expression {
    const token = this.next();
    switch (token.kind) {
      case "number":
        return this.node({ kind: "number", text: token.text, span: token.span }, [], token.span);
      case "text":
        return this.node({ kind: "text", value: token.value, span: token.span }, [], token.span);
      case "name":
        return this.name(token.segments, token.span);
      case "punctuation":
        if (token.value === "(") return this.parenthesised(token.span);
        if (token.value === "-" || token.value === "+") {
          return this.unary(token.value, token.span, UNARY_OPERAND_PRECEDENCE);
        }
        return this.fail("unexpected_token", token.span, { found: token.value });
      case "end":
        return this.fail("unexpected_end", token.span);
    }
  }

  private unary(operator: UnaryOperator, operatorSpan: Span, precedence: number): Expression {
    const operand = this.expression(precedence);
    return this.node(
      { kind: "unary", operator, operand, operatorSpan, span: spanOf(operatorSpan, operand.span) },
      [operand],
      operatorSpan,
    );
  }

  private parenthesised(open: Span): Expression {
    const inner = this.expression(0);
    const close = this.next();
    if (close.kind !== "punctuation" || close.value !== ")") {
      this.fail("expected_closing_paren", close.span, { found: describe(close), line: open.start.line });
    }
    return inner;
  }

  private name(segments: readonly PathSegment[], span: Span): Expression {
    const first = segments[0]!;
    const upper = first.name.toUpperCase();
    const callFollows =
      this.peek().kind === "punctuation" && (this.peek() as { value: string }).value === "(";
    if (segments.length === 1) {
      if (callFollows && (KEYWORD_CALLS.has(upper) || !isKeyword(upper))) return this.call(upper, span);
      if (upper === "TRUE" || upper === "FALSE") {
        return this.node({ kind: "boolean", value: upper === "TRUE", span }, [], span);
      }
      if (upper === "BLANK") return this.node({ kind: "blank", span }, [], span);
      if (upper === "NOT") return this.unary("NOT", span, NOT_OPERAND_PRECEDENCE);
      if (upper === "AND" || upper === "OR") this.fail("unexpected_token", span, { found: upper });
    } else if (callFollows) {
      this.fail("unknown_function", span, { name: segments.map((s) => s.name).join(".") });
    }
    return this.node({ kind: "reference", path: segments, span }, [], span);
  }

  private call(name: string, nameSpan: Span): Expression {
    this.next();
    const args: Expression[] = [];
    if (!this.isPunctuation(")")) {
      for (;;) {
        args.push(this.expression(0));
        if (args.length > FORMULA_LIMITS.maxArguments) {
          this.fail("too_many_arguments", args[args.length - 1]!.span, { max: FORMULA_LIMITS.maxArguments });
        }
        if (!this.isPunctuation(",")) break;
        this.next();
      }
    }
    const close = this.next();
    if (close.kind !== "punctuation" || close.value !== ")") {
      this.fail("expected_closing_paren", close.span, { found: describe(close), line: nameSpan.start.line });
    }
    return this.node(
      { kind: "call", name, nameSpan, args, span: spanOf(nameSpan, close.span) },
      args,
      nameSpan,
    );
  }

  private isPunctuation(value: string): boolean {
    const token = this.peek();
    return token.kind === "punctuation" && token.value === value;
  }
}

function isKeyword(upper: string): boolean {
  return upper === "TRUE" || upper === "FALSE" || upper === "BLANK" || KEYWORD_CALLS.has(upper);
}

function binaryOperatorOf(token: Token): BinaryOperator | undefined {
  if (token.kind === "punctuation") {
    return token.value in BINARY_PRECEDENCE ? (token.value as BinaryOperator) : undefined;
  }
  if (token.kind === "name" && token.segments.length === 1) {
    const upper = token.segments[0]!.name.toUpperCase();
    if (upper === "AND" || upper === "OR") return upper;
  }
  return undefined;
}

function describe(token: Token): string {
  switch (token.kind) {
    case "number":
      return token.text;
    case "text":
      return JSON.stringify(token.value);
    case "name":
      return token.segments.map((s) => s.name).join(".");
    case "punctuation":
      return token.value;
    case "end":
      return "";
  }
}

/**
 * Parses formula source into an immutable syntax tree with positions; the first syntax error ends it.
 * @example parseFormula("IF(amount > 1000, \"big\", \"small\")")
 */
export function parseFormula(source: string): ParseResult {
  const tokens = tokenize(source);
  if (!tokens.ok) return tokens;
  try {
    return { ok: true, expression: new Parser(tokens.tokens).parse() };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: error.error };
    throw error;
  }
}
