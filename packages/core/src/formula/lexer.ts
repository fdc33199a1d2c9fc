import { codePointLength } from "../field-types/text-types.ts";
import type { PathSegment, Position, Span } from "./ast.ts";
import { type FormulaError, formulaError } from "./formula-error.ts";
import { FORMULA_LIMITS } from "./limits.ts";

export type Punctuation =
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
  | "("
  | ")"
  | ",";

export type Token =
  | { readonly kind: "number"; readonly text: string; readonly span: Span }
  | { readonly kind: "text"; readonly value: string; readonly span: Span }
  /** An identifier or a dotted path; keywords and function names are names too. */
  | { readonly kind: "name"; readonly segments: readonly PathSegment[]; readonly span: Span }
  | { readonly kind: "punctuation"; readonly value: Punctuation; readonly span: Span }
  | { readonly kind: "end"; readonly span: Span };

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: FormulaError };

const TWO_CHAR: readonly Punctuation[] = ["<>", "<=", ">="];
const ONE_CHAR = new Set<string>(["+", "-", "*", "/", "&", "=", "<", ">", "(", ")", ","]);
// What people type from other languages; each gets a hint instead of a bare "unexpected character".
const MISTAKES: Record<string, string> = { "==": "=", "!=": "<>", "&&": "AND", "||": "OR" };
// Chinese input methods produce full-width punctuation; say which half-width character is meant.
const FULL_WIDTH: Record<string, string> = {
  "（": "(",
  "）": ")",
  "，": ",",
  "“": '"',
  "”": '"',
  "‘": "'",
  "’": "'",
  "＝": "=",
  "＋": "+",
  "－": "-",
  "＊": "*",
  "／": "/",
  "＜": "<",
  "＞": ">",
  "＆": "&",
};
const WHITESPACE = new Set([" ", "\t", "\n", "\r", "\u3000"]);
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/** Walks the source one code point at a time, tracking line and column. */
class Cursor {
  readonly source: string;
  offset = 0;
  line = 1;
  column = 1;

  constructor(source: string) {
    this.source = source;
  }

  get done(): boolean {
    return this.offset >= this.source.length;
  }

  peek(ahead = 0): string {
    let offset = this.offset;
    for (let i = 0; i < ahead && offset < this.source.length; i++) {
      offset += (this.source.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
    }
    const code = this.source.codePointAt(offset);
    return code === undefined ? "" : String.fromCodePoint(code);
  }

  position(): Position {
    return { offset: this.offset, line: this.line, column: this.column };
  }

  advance(): string {
    const char = this.peek();
    this.offset += char.length;
    if (char === "\n" || (char === "\r" && this.peek() !== "\n")) {
      this.line++;
      this.column = 1;
    } else if (char !== "\r") {
      this.column++;
    }
    return char;
  }

  spanFrom(start: Position): Span {
    return { start, end: this.position() };
  }
}

function readText(cursor: Cursor, start: Position): Token | FormulaError {
  const quote = cursor.advance();
  let value = "";
  for (;;) {
    if (cursor.done) return formulaError("unterminated_text", cursor.spanFrom(start), { quote });
    const char = cursor.advance();
    if (char !== quote) value += char;
    else if (cursor.peek() === quote) value += cursor.advance();
    else return { kind: "text", value, span: cursor.spanFrom(start) };
  }
}

function readNumber(cursor: Cursor, start: Position): Token | FormulaError {
  let text = "";
  while (DIGIT.test(cursor.peek())) text += cursor.advance();
  if (cursor.peek() === "." && DIGIT.test(cursor.peek(1))) {
    text += cursor.advance();
    while (DIGIT.test(cursor.peek())) text += cursor.advance();
  }
  if (cursor.peek() === "." || IDENT_PART.test(cursor.peek())) {
    while (cursor.peek() === "." || IDENT_PART.test(cursor.peek())) text += cursor.advance();
    return formulaError("invalid_number", cursor.spanFrom(start), { text });
  }
  if (text.replace(".", "").length > FORMULA_LIMITS.maxNumberDigits) {
    return formulaError("number_too_long", cursor.spanFrom(start), { max: FORMULA_LIMITS.maxNumberDigits });
  }
  return { kind: "number", text, span: cursor.spanFrom(start) };
}

function readName(cursor: Cursor, start: Position): Token | FormulaError {
  const segments: PathSegment[] = [];
  for (;;) {
    const segmentStart = cursor.position();
    let name = "";
    while (IDENT_PART.test(cursor.peek())) name += cursor.advance();
    segments.push({ name, span: cursor.spanFrom(segmentStart) });
    if (cursor.peek() !== ".") break;
    const dot = cursor.position();
    cursor.advance();
    if (!IDENT_START.test(cursor.peek()))
      return formulaError("expected_name_after_dot", cursor.spanFrom(dot));
  }
  return { kind: "name", segments, span: cursor.spanFrom(start) };
}

function readPunctuation(cursor: Cursor, start: Position): Token | FormulaError {
  const pair = cursor.peek() + cursor.peek(1);
  const suggestion = MISTAKES[pair];
  if (suggestion) {
    cursor.advance();
    cursor.advance();
    return formulaError("use_instead", cursor.spanFrom(start), { found: pair, suggestion });
  }
  if ((TWO_CHAR as readonly string[]).includes(pair)) {
    cursor.advance();
    cursor.advance();
    return { kind: "punctuation", value: pair as Punctuation, span: cursor.spanFrom(start) };
  }
  const char = cursor.advance();
  if (ONE_CHAR.has(char))
    return { kind: "punctuation", value: char as Punctuation, span: cursor.spanFrom(start) };
  const halfWidth = FULL_WIDTH[char];
  if (halfWidth) {
    return formulaError("full_width_character", cursor.spanFrom(start), { char, suggestion: halfWidth });
  }
  return formulaError("unexpected_character", cursor.spanFrom(start), { char });
}

function readToken(cursor: Cursor): Token | FormulaError {
  const start = cursor.position();
  const char = cursor.peek();
  if (char === '"' || char === "'") return readText(cursor, start);
  if (DIGIT.test(char)) return readNumber(cursor, start);
  if (IDENT_START.test(char)) return readName(cursor, start);
  return readPunctuation(cursor, start);
}

/** Splits formula source into tokens; the first problem found ends it. */
export function tokenize(source: string): TokenizeResult {
  const cursor = new Cursor(source);
  if (codePointLength(source) > FORMULA_LIMITS.maxLength) {
    const start = cursor.position();
    return {
      ok: false,
      error: formulaError("too_long", { start, end: start }, { max: FORMULA_LIMITS.maxLength }),
    };
  }
  const tokens: Token[] = [];
  for (;;) {
    while (WHITESPACE.has(cursor.peek())) cursor.advance();
    if (cursor.done) {
      const end = cursor.position();
      tokens.push({ kind: "end", span: { start: end, end } });
      return { ok: true, tokens };
    }
    const token = readToken(cursor);
    if ("code" in token) return { ok: false, error: token };
    tokens.push(token);
  }
}
