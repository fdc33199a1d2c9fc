import type { PatternNode } from "./pattern-ast.ts";

const META = new Set([..."\\^$.|?*+()[]{}"]);
const CLASS_SPECIAL = new Set([..."\\]-[^"]);

function literal(codePoint: number): string {
  const char = String.fromCodePoint(codePoint);
  return META.has(char) ? `\\${char}` : char;
}

function classMember(codePoint: number): string {
  const char = String.fromCodePoint(codePoint);
  return CLASS_SPECIAL.has(char) ? `\\${char}` : char;
}

function quantifier(min: number, max: number | null): string {
  if (min === 0 && max === null) return "*";
  if (min === 1 && max === null) return "+";
  if (min === 0 && max === 1) return "?";
  if (max === null) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

/**
 * Prints a validated pattern as a PostgreSQL advanced regular expression that matches exactly the
 * same texts: every literal metacharacter escaped, groups non-capturing.
 */
export function printPatternForPostgres(node: PatternNode): string {
  switch (node.kind) {
    case "char":
      return literal(node.codePoint);
    case "any":
      return ".";
    case "class": {
      const members = node.ranges.map(([low, high]) =>
        low === high ? classMember(low) : `${classMember(low)}-${classMember(high)}`,
      );
      return `[${node.negated ? "^" : ""}${members.join("")}]`;
    }
    case "start":
      return "^";
    case "end":
      return "$";
    case "group":
      return `(?:${printPatternForPostgres(node.body)})`;
    case "sequence":
      return node.items.map(printPatternForPostgres).join("");
    case "alternation":
      return node.options.map(printPatternForPostgres).join("|");
    case "repeat": {
      // The parser only repeats atoms (a character, `.`, a class or a group), so no parentheses are needed.
      return `${printPatternForPostgres(node.body)}${quantifier(node.min, node.max)}`;
    }
  }
}
