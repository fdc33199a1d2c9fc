import { codePointLength } from "../../field-types/text-types.ts";
import { FORMULA_LIMITS } from "../limits.ts";
import type { PatternNode, PatternProblem } from "./pattern-ast.ts";

export type PatternParseResult = { ok: true; pattern: PatternNode } | { ok: false; problem: PatternProblem };

/** Characters that must be escaped to be literal outside a class; `\` + any other character is refused. */
const META = new Set([..."\\^$.|?*+()[]{}/-"]);
/** Inside a class only these may (and `\ ] [ - ^` must) be escaped. */
const CLASS_ESCAPABLE = new Set([..."\\]-[^"]);

class PatternFailure extends Error {
  readonly problem: PatternProblem;
  constructor(problem: PatternProblem) {
    super(problem.code);
    this.problem = problem;
  }
}

function containsRepeat(node: PatternNode): boolean {
  switch (node.kind) {
    case "repeat":
      return true;
    case "group":
      return containsRepeat(node.body);
    case "sequence":
      return node.items.some(containsRepeat);
    case "alternation":
      return node.options.some(containsRepeat);
    default:
      return false;
  }
}

/** Instructions the matcher will need, counted before compiling so a pattern cannot blow up. */
export function programSize(node: PatternNode): number {
  switch (node.kind) {
    case "group":
      return programSize(node.body);
    case "sequence":
      return node.items.reduce((sum, item) => sum + programSize(item), 0);
    case "alternation":
      return node.options.reduce((sum, option) => sum + programSize(option) + 2, 0);
    case "repeat": {
      const body = programSize(node.body) + 2;
      return node.max === null ? body * (node.min + 1) : body * Math.max(node.max, 1);
    }
    default:
      return 1;
  }
}

class PatternParser {
  private readonly chars: string[];
  private readonly offsets: number[];
  private index = 0;

  constructor(text: string) {
    this.chars = Array.from(text);
    this.offsets = [];
    let offset = 0;
    for (const char of this.chars) {
      this.offsets.push(offset);
      offset += char.length;
    }
    this.offsets.push(offset);
  }

  private fail(code: PatternProblem["code"], at = this.index, params?: PatternProblem["params"]): never {
    const index = this.offsets[Math.min(at, this.offsets.length - 1)] ?? 0;
    throw new PatternFailure(params ? { code, index, params } : { code, index });
  }

  private peek(): string | undefined {
    return this.chars[this.index];
  }

  parse(): PatternNode {
    const node = this.alternation();
    if (this.index < this.chars.length) this.fail("pattern_syntax", this.index, { near: this.peek() ?? "" });
    return node;
  }

  private alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === "|") {
      this.index++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: "alternation", options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    for (let char = this.peek(); char !== undefined && char !== "|" && char !== ")"; char = this.peek()) {
      const start = this.index;
      const atom = this.atom();
      items.push(this.quantified(atom, start));
    }
    return items.length === 1 ? items[0]! : { kind: "sequence", items };
  }

  private atom(): PatternNode {
    const char = this.chars[this.index++]!;
    switch (char) {
      case ".":
        return { kind: "any" };
      case "^":
        return { kind: "start" };
      case "$":
        return { kind: "end" };
      case "[":
        return this.characterClass();
      case "(": {
        if (this.peek() === "?") this.fail("pattern_unsupported", this.index - 1, { construct: "(?" });
        const body = this.alternation();
        if (this.peek() !== ")") this.fail("pattern_syntax", this.index, { near: "(" });
        this.index++;
        return { kind: "group", body };
      }
      case "\\":
        return { kind: "char", codePoint: this.escape(META).codePointAt(0)! };
      case "*":
      case "+":
      case "?":
      case "{":
        return this.fail("pattern_syntax", this.index - 1, { near: char });
      case ")":
      case "]":
      case "}":
        return this.fail("pattern_syntax", this.index - 1, { near: char });
      default:
        return { kind: "char", codePoint: char.codePointAt(0)! };
    }
  }

  private escape(allowed: ReadonlySet<string>): string {
    const at = this.index - 1;
    const next = this.chars[this.index++];
    if (next === undefined) return this.fail("pattern_syntax", at, { near: "\\" });
    if (allowed.has(next)) return next;
    if (/[0-9]/.test(next)) return this.fail("pattern_backreference", at, { construct: `\\${next}` });
    return this.fail("pattern_unsupported", at, { construct: `\\${next}` });
  }

  private classMember(): number {
    const char = this.chars[this.index++];
    if (char === undefined) return this.fail("pattern_syntax", this.index - 1, { near: "[" });
    if (char === "\\") return this.escape(CLASS_ESCAPABLE).codePointAt(0)!;
    if (char === "[") return this.fail("pattern_unsupported", this.index - 1, { construct: "[" });
    if (char === "]") return this.fail("pattern_syntax", this.index - 1, { near: "]" });
    if (char === "-" || char === "^") return this.fail("pattern_syntax", this.index - 1, { near: char });
    return char.codePointAt(0)!;
  }

  private characterClass(): PatternNode {
    const open = this.index - 1;
    const negated = this.peek() === "^";
    if (negated) this.index++;
    const ranges: Array<readonly [number, number]> = [];
    while (this.peek() !== "]") {
      if (this.peek() === undefined) this.fail("pattern_syntax", open, { near: "[" });
      const start = this.index;
      const low = this.classMember();
      if (this.peek() === "-") {
        this.index++;
        const high = this.classMember();
        if (high < low) {
          this.fail("pattern_bad_range", start, {
            from: String.fromCodePoint(low),
            to: String.fromCodePoint(high),
          });
        }
        ranges.push([low, high]);
      } else {
        ranges.push([low, low]);
      }
    }
    this.index++;
    if (ranges.length === 0) this.fail("pattern_syntax", open, { near: "[]" });
    return { kind: "class", negated, ranges };
  }

  private bound(): { min: number; max: number | null } {
    const open = this.index - 1;
    const number = () => {
      let digits = "";
      while (/[0-9]/.test(this.peek() ?? "")) digits += this.chars[this.index++];
      return digits === "" ? null : Number(digits);
    };
    const min = number();
    if (min === null) this.fail("pattern_syntax", open, { near: "{" });
    let max: number | null = min;
    if (this.peek() === ",") {
      this.index++;
      max = number();
    }
    if (this.peek() !== "}") this.fail("pattern_syntax", open, { near: "{" });
    this.index++;
    const limit = FORMULA_LIMITS.maxPatternRepeat;
    if (min > limit || (max !== null && max > limit)) this.fail("pattern_repeat_bound", open, { max: limit });
    if (max !== null && max < min) this.fail("pattern_syntax", open, { near: "{" });
    return { min, max };
  }

  private quantified(atom: PatternNode, start: number): PatternNode {
    const char = this.peek();
    if (char !== "*" && char !== "+" && char !== "?" && char !== "{") return atom;
    if (atom.kind === "start" || atom.kind === "end") this.fail("pattern_syntax", this.index, { near: char });
    this.index++;
    const { min, max } =
      char === "*"
        ? { min: 0, max: null }
        : char === "+"
          ? { min: 1, max: null }
          : char === "?"
            ? { min: 0, max: 1 }
            : this.bound();
    // Repeating something that itself repeats ((a+)+, (a|ab){2}…) is what makes backtracking engines
    // explode; an optional group ((\.[0-9]+)?) is harmless and common.
    if (atom.kind === "group" && (max === null || max > 1) && containsRepeat(atom.body)) {
      this.fail("pattern_nested_quantifier", start);
    }
    const next = this.peek();
    if (next === "*" || next === "+" || next === "?" || next === "{")
      this.fail("pattern_nested_quantifier", this.index);
    return { kind: "repeat", body: atom, min, max };
  }
}

/**
 * Validates a REGEXMATCH pattern: literal characters, `.`, classes `[a-z]` `[^0-9]`, anchors `^ $`,
 * groups, `|`, and greedy `* + ? {n} {n,} {n,m}` (n, m ≤ 100). Refused: backreferences, lookaround
 * and other `(?` forms, class shorthands (`\d \w \s`, whose meaning differs between engines), POSIX
 * classes, lazy quantifiers, and repeating a group that already repeats (`(a+)+`; `(a+)?` is fine).
 */
export function parsePattern(text: string): PatternParseResult {
  if (codePointLength(text) > FORMULA_LIMITS.maxPatternLength) {
    return {
      ok: false,
      problem: { code: "pattern_too_long", index: 0, params: { max: FORMULA_LIMITS.maxPatternLength } },
    };
  }
  try {
    const pattern = new PatternParser(text).parse();
    if (programSize(pattern) > FORMULA_LIMITS.maxPatternProgram) {
      return {
        ok: false,
        problem: { code: "pattern_too_large", index: 0, params: { max: FORMULA_LIMITS.maxPatternProgram } },
      };
    }
    return { ok: true, pattern };
  } catch (error) {
    if (error instanceof PatternFailure) return { ok: false, problem: error.problem };
    throw error;
  }
}
