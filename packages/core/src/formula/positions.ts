import type { Position, Span } from "./ast.ts";

/** Line and column (in code points) of a UTF-16 offset, counted the way the lexer counts. */
export function positionAt(source: string, offset: number): Position {
  let line = 1;
  let column = 1;
  let index = 0;
  while (index < offset && index < source.length) {
    const code = source.codePointAt(index)!;
    const width = code > 0xffff ? 2 : 1;
    if (code === 10 || (code === 13 && source[index + 1] !== "\n")) {
      line++;
      column = 1;
    } else if (code !== 13) {
      column++;
    }
    index += width;
  }
  return { offset: index, line, column };
}

/**
 * The span of one character inside a text literal, given its offset in the literal's value: skips the
 * opening quote and counts a doubled quote as the one character it stands for.
 */
export function spanInTextLiteral(source: string, literal: Span, valueOffset: number): Span {
  const raw = source.slice(literal.start.offset, literal.end.offset);
  const quote = raw[0];
  let rawIndex = 1;
  for (let valueIndex = 0; valueIndex < valueOffset && rawIndex < raw.length - 1; valueIndex++) {
    rawIndex += raw[rawIndex] === quote ? 2 : 1;
  }
  const start = positionAt(source, literal.start.offset + rawIndex);
  const width = (source.codePointAt(start.offset) ?? 0) > 0xffff ? 2 : 1;
  return { start, end: positionAt(source, Math.min(start.offset + width, literal.end.offset)) };
}
