import fc from "fast-check";

/** What a generated expression evaluates to; the checker works out the exact numeric type. */
type Kind = "numeric" | "text" | "boolean" | "date" | "datetime" | "select" | "multi" | "user";
/** `row`: inside an aggregate, where `items.*` names the list record being read. */
type Scope = "record" | "row";
type Arb = fc.Arbitrary<string>;

const NUMBERS = [
  "0",
  "1",
  "2",
  "3",
  "7",
  "10",
  "100",
  "0.5",
  "0.1",
  "1.25",
  "2.5",
  "12.345678",
  "0.0000000001",
  "999999999999999",
  "1000000",
];
const TEXTS = [
  "",
  "a",
  "b",
  "Hello World",
  "  padded  ",
  "😀",
  "𠀀𪚥",
  "张三",
  "ß",
  "É",
  "a\nb",
  "100",
  " 42.5 ",
  "-7",
  "abc",
  "x'y",
  'say "hi"',
  "\u3000全角\u3000",
  "won",
  "lost",
];
const PATTERNS = [
  "^a",
  "b$",
  "[0-9]+",
  "^[A-Z][a-z]*$",
  "张.",
  "😀",
  "(ab|cd)e?",
  "a.c",
  "^$",
  "[^a-z]",
  "l{2,3}",
  "(a|b){2}",
  "[一-龥]",
  "^.{3}$",
  "\\.",
  "[😀-🙏]",
  "^ +",
  " +$",
  "o+",
  "[\\]\\-]",
];
const DATE_UNITS = ['"day"', '"week"', '"month"', '"quarter"', '"year"', '"Month"'];
const DATETIME_UNITS = ['"day"', '"week"', '"hour"', '"minute"'];

const LEAVES: Record<Scope, Record<Kind, string[]>> = {
  record: {
    numeric: ["n1", "n2", "n3", "c1", "p1", "acc.n", "acc.parent.n"],
    text: ["t1", "t2", "t3", "acc.t", "acc.parent.t"],
    boolean: ["b1", "TRUE", "FALSE"],
    date: ["d1", "d2", "acc.d", "TODAY()"],
    datetime: ["dt1", "NOW()"],
    select: ["s1"],
    multi: ["m1"],
    user: ["u1"],
  },
  row: {
    numeric: ["items.amount", "items.qty", "n1", "c1"],
    text: ["items.note", "items.status", "t1"],
    boolean: ["b1", "TRUE"],
    date: ["items.due", "d1"],
    datetime: ["dt1"],
    select: ["items.status", "s1"],
    multi: ["m1"],
    user: ["u1"],
  },
};

/**
 * Leaves that read the write (its prior values, whether it creates the record) or follow a user into the
 * directory. Drawn as one more choice beside the plain leaves, so they do not crowd the others out.
 */
const WRITE_AND_DIRECTORY_LEAVES: Record<Scope, Partial<Record<Kind, string[]>>> = {
  record: {
    numeric: ["PRIORVALUE(n1)", "PRIORVALUE(c1)", "PRIORVALUE(p1)"],
    text: [
      "PRIORVALUE(t1)",
      "u1.name",
      "u1.email",
      "u1.manager.name",
      "u1.department.name",
      "u1.department.parent.name",
      "u1.manager.department.name",
      "u1.department.head.name",
      "u1.department.head.email",
      "acc.u.name",
    ],
    boolean: [
      "ISNEW()",
      ...["n1", "c1", "t1", "s1", "m1", "b1", "d1", "dt1", "u1"].map((name) => `ISCHANGED(${name})`),
      "u1.active",
      "u1.manager.active",
    ],
    date: ["PRIORVALUE(d1)"],
    datetime: ["PRIORVALUE(dt1)"],
    select: ["PRIORVALUE(s1)"],
    multi: ["PRIORVALUE(m1)"],
    user: ["u1.manager", "u1.manager.manager", "u1.department.head", "PRIORVALUE(u1)", "acc.u.manager"],
  },
  row: {
    numeric: ["PRIORVALUE(n1)"],
    text: ["u1.name", "u1.department.name"],
    boolean: ["ISCHANGED(t1)", "ISNEW()", "u1.active"],
  },
};

function textLiteral(value: string, quote: '"' | "'"): string {
  return quote + value.replaceAll(quote, quote + quote) + quote;
}

const textLiteralArb: Arb = fc
  .tuple(fc.constantFrom(...TEXTS), fc.constantFrom<'"' | "'">('"', "'"))
  .map(([value, quote]) => textLiteral(value, quote));
const patternArb: Arb = fc.constantFrom(...PATTERNS).map((pattern) => textLiteral(pattern, '"'));
const call = (name: string, ...args: Arb[]) =>
  fc.tuple(...args).map((parts) => `${name}(${parts.join(", ")})`);
const infix = (left: Arb, operators: string[], right: Arb) =>
  fc.tuple(left, fc.constantFrom(...operators), right).map(([a, op, b]) => `(${a} ${op} ${b})`);

/** Random well-typed formulas, by result kind, depth and scope; arbitraries are built once per key. */
export class FormulaGenerator {
  private readonly cache = new Map<string, Arb>();

  of(kind: Kind, depth: number, scope: Scope = "record"): Arb {
    const key = `${kind}:${depth}:${scope}`;
    let arb = this.cache.get(key);
    if (!arb) {
      arb = this.build(kind, depth, scope);
      this.cache.set(key, arb);
    }
    return arb;
  }

  private leaf(kind: Kind, scope: Scope): Arb {
    const extra = WRITE_AND_DIRECTORY_LEAVES[scope][kind];
    const plain = fc.constantFrom(...LEAVES[scope][kind]);
    const names = extra ? fc.oneof({ arbitrary: plain, weight: 3 }, fc.constantFrom(...extra)) : plain;
    const blank = fc.constant("BLANK");
    if (kind === "numeric")
      return fc.oneof({ arbitrary: names, weight: 3 }, fc.constantFrom(...NUMBERS), blank);
    if (kind === "text") return fc.oneof({ arbitrary: names, weight: 2 }, textLiteralArb, blank);
    return fc.oneof({ arbitrary: names, weight: 4 }, blank);
  }

  private build(kind: Kind, depth: number, scope: Scope): Arb {
    const leaf = this.leaf(kind, scope);
    if (depth <= 0) return leaf;
    const sub = (k: Kind) => this.of(k, depth - 1, scope);
    const choices = this.composites(kind, scope, sub);
    return fc.oneof({ arbitrary: leaf, weight: Math.max(1, Math.floor(choices.length / 3)) }, ...choices);
  }

  private composites(kind: Kind, scope: Scope, sub: (k: Kind) => Arb): Arb[] {
    const n = () => sub("numeric");
    const t = () => sub("text");
    const b = () => sub("boolean");
    const d = () => sub("date");
    const branches = [call("IF", b(), sub(kind), sub(kind)), call("BLANKVALUE", sub(kind), sub(kind))];
    switch (kind) {
      case "numeric":
        return [
          ...branches,
          infix(n(), ["+", "-", "*", "/"], n()),
          infix(n(), ["/"], fc.constantFrom("0", "3", "7", "0.0000000001", "n2", "BLANK")),
          n().map((x) => `-${x}`),
          ...["ABS", "FLOOR", "CEILING", "SQRT"].map((f) => call(f, n())),
          call("ROUND", n()),
          call("ROUND", n(), fc.oneof(fc.constantFrom("0", "1", "2", "-1", "-2", "3.7"), n())),
          call("MIN", n(), n()),
          call("MAX", n(), n(), n()),
          call("MOD", n(), n()),
          call("POWER", n(), fc.oneof(fc.constantFrom("0", "1", "2", "3", "-1", "-2", "0.5", "101"), n())),
          call("IF", b(), n()),
          call("IFS", b(), n(), b(), n()),
          call("SWITCH", t(), textLiteralArb, n(), textLiteralArb, n(), n()),
          call("LEN", t()),
          ...["YEAR", "MONTH", "DAY", "WEEKDAY"].map((f) => call(f, fc.oneof(d(), sub("datetime")))),
          call("DATEDIF", d(), d(), fc.constantFrom(...DATE_UNITS)),
          infix(
            d(),
            ["-"],
            d().map((x) => `BLANKVALUE(${x}, d2)`),
          ),
          call("VALUE", t()),
          ...(scope === "record" ? this.numericAggregates() : []),
        ];
      case "text":
        return [
          ...branches,
          infix(t(), ["&"], t()),
          call("CONCAT", t(), t(), sub("select")),
          call("LEFT", t(), n()),
          call("RIGHT", t(), n()),
          call("MID", t(), n(), n()),
          ...["UPPER", "LOWER", "TRIM"].map((f) => call(f, t())),
          call("SUBSTITUTE", t(), t(), t()),
          call("TEXT", fc.oneof(n(), d(), sub("datetime"), b(), sub("select"), sub("multi"), sub("user"))),
          call("MIN", t(), t()),
          call("MAX", t(), sub("select")),
          ...(scope === "record"
            ? [call("MIN", fc.constant("items.note")), call("MAX", this.rowValue("text"), this.condition())]
            : []),
        ];
      case "boolean":
        return [
          call("IF", b(), b(), b()),
          infix(n(), ["=", "<>", "<", "<=", ">", ">="], n()),
          infix(t(), ["=", "<>", "<", ">="], fc.oneof(t(), sub("select"))),
          infix(d(), ["=", "<", ">="], d()),
          infix(sub("datetime"), ["=", "<", ">"], sub("datetime")),
          infix(b(), ["=", "<>"], b()),
          infix(sub("user"), ["=", "<>"], sub("user")),
          infix(b(), ["AND", "OR", "and", "or"], b()),
          call("AND", b(), b(), b()),
          call("OR", b(), b()),
          call("NOT", b()),
          b().map((x) => `NOT ${x}`),
          call("ISBLANK", fc.oneof(n(), t(), d(), sub("multi"), sub("user"), b())),
          call("CONTAINS", t(), t()),
          call("STARTSWITH", t(), t()),
          call("REGEXMATCH", t(), patternArb),
          call("INCLUDES", sub("multi"), fc.oneof(fc.constantFrom('"a"', '"b"', '"z"'), t())),
        ];
      case "date":
        return [
          ...branches,
          call("DATEADD", d(), n(), fc.constantFrom(...DATE_UNITS)),
          // A BLANK operand would make these number arithmetic: give the date side a date type.
          infix(
            d().map((x) => `BLANKVALUE(${x}, d2)`),
            ["+", "-"],
            n(),
          ),
          infix(
            n(),
            ["+"],
            d().map((x) => `BLANKVALUE(${x}, d1)`),
          ),
          call(
            "DATE",
            fc.oneof(fc.constantFrom("2024", "2023", "1900", "0", "10000", "2024.9"), n()),
            fc.oneof(fc.constantFrom("2", "13", "0", "12", "1"), n()),
            fc.oneof(fc.constantFrom("29", "30", "31", "1", "0"), n()),
          ),
          call("EOMONTH", d()),
          call("EOMONTH", d(), n()),
          call("NEXTANNIVERSARY", d()),
          call("MIN", d(), d()),
          ...(scope === "record" ? [call("MAX", fc.constant("items.due"), this.condition())] : []),
        ];
      case "datetime":
        return [
          ...branches,
          call(
            "DATEADD",
            sub("datetime").map((x) => `BLANKVALUE(${x}, dt1)`),
            n(),
            fc.constantFrom(...DATETIME_UNITS),
          ),
          call("MAX", sub("datetime"), fc.constant("NOW()")),
        ];
      default:
        return [call("IF", b(), sub(kind), fc.constant("BLANK"))];
    }
  }

  private condition(): Arb {
    return this.of("boolean", 1, "row");
  }

  /** A value read on each list record: it must name the list, or the call would not be an aggregate. */
  private rowValue(kind: "numeric" | "text"): Arb {
    const fields = kind === "numeric" ? ["items.amount", "items.qty"] : ["items.note", "items.status"];
    const field = fc.constantFrom(...fields);
    const mixed = fc
      .tuple(
        this.of(kind, 1, "row"),
        field,
        fc.constantFrom(...(kind === "numeric" ? ["+", "*", "/"] : ["&"])),
      )
      .map(([expression, name, operator]) => `(${name} ${operator} ${expression})`);
    return fc.oneof({ arbitrary: field, weight: 2 }, mixed);
  }

  private numericAggregates(): Arb[] {
    const value = this.rowValue("numeric");
    return [
      call("SUM", value),
      call("SUM", value, this.condition()),
      call("COUNT", fc.constant("items")),
      call("COUNT", fc.constant("items"), this.condition()),
      call("COUNT", fc.constantFrom("items.note", "items.due", "items.qty")),
      call("AVG", value),
      call("AVG", value, this.condition()),
      call("MIN", value, this.condition()),
      call("MAX", value),
    ];
  }
}

export const FORMULA_KINDS: readonly Kind[] = [
  "numeric",
  "text",
  "boolean",
  "date",
  "datetime",
  "select",
  "multi",
  "user",
];

/** A formula of any kind, weighted towards the kinds with the most semantics to disagree on. */
export function formulaArbitrary(generator: FormulaGenerator, maxDepth: number): Arb {
  return fc
    .integer({ min: 1, max: maxDepth })
    .chain((depth) =>
      fc.oneof(
        { arbitrary: generator.of("numeric", depth), weight: 4 },
        { arbitrary: generator.of("text", depth), weight: 3 },
        { arbitrary: generator.of("boolean", depth), weight: 3 },
        { arbitrary: generator.of("date", depth), weight: 2 },
        { arbitrary: generator.of("datetime", depth), weight: 1 },
        { arbitrary: generator.of("select", depth), weight: 1 },
        { arbitrary: generator.of("multi", depth), weight: 1 },
        { arbitrary: generator.of("user", depth), weight: 1 },
      ),
    );
}
