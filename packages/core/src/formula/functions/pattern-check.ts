import type { CheckedType } from "../formula-types.ts";
import { compilePattern } from "../regex/pattern-matcher.ts";
import { parsePattern } from "../regex/pattern-parser.ts";
import { printPatternForPostgres } from "../regex/pattern-printer.ts";
import type { CallData } from "../typed-ast.ts";
import type { FunctionCheck } from "./function.ts";

/**
 * REGEXMATCH's type rule: the pattern must be a text literal in the validated subset, so no record value
 * ever becomes a pattern and no pattern can make either engine slow or disagree.
 */
export function checkPattern(c: FunctionCheck): CheckedType | { type: CheckedType; data: CallData } {
  c.expect(0, "textual");
  const text = c.literal(1);
  if (text === undefined) return "boolean";
  const parsed = parsePattern(text);
  if (!parsed.ok) {
    c.report(parsed.problem.code, c.spanInLiteral(1, parsed.problem.index), parsed.problem.params ?? {});
    return "boolean";
  }
  return {
    type: "boolean",
    data: {
      matcher: compilePattern(parsed.pattern),
      postgresPattern: printPatternForPostgres(parsed.pattern),
    },
  };
}
