/**
 * Random formulas of one date column `due`, random dates and random filters for the differential test of
 * date-column plans (date-column-plan.test.ts). Seeded, so every run and both engines see the same cases.
 */

export function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    between: (a: number, b: number) => a + int(b - a + 1),
    pick: <T>(items: readonly T[]) => items[int(items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export type Random = ReturnType<typeof random>;

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
// A common year: February is handled apart.
const lastOfMonth = (month: number) => iso(Date.UTC(2001, month, 0)).slice(5);
const pad = (year: number) => String(year).padStart(4, "0");

/** A date near `around` (days), a month end, a leap day, or one of the domain's ends. */
export function randomDate(rng: Random, around: string): string {
  switch (rng.int(6)) {
    case 0:
      return iso(day(around) + rng.between(-40, 40) * DAY_MS);
    case 1: {
      const year = rng.pick([1900, 2000, 2023, 2024, 2025, 2026, 2027, 2028, 2100]);
      const month = rng.between(1, 12);
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      return month === 2 ? `${year}-02-${leap ? 29 : 28}` : `${year}-${lastOfMonth(month)}`;
    }
    case 2:
      return rng.pick(["2024-02-29", "2028-02-29", "2000-02-29", "2023-02-28", "2024-03-01", "2025-02-28"]);
    case 3:
      return rng.pick(["0001-01-01", "0001-01-31", "0001-02-28", "9999-12-31", "9999-12-01", "9999-11-30"]);
    case 4:
      return iso(day(around) + rng.between(-800, 800) * DAY_MS);
    default:
      return `${pad(rng.between(1, 9999))}-${String(rng.between(1, 12)).padStart(2, "0")}-${String(rng.between(1, 28)).padStart(2, "0")}`;
  }
}

/** An instant whose org date is often a month end or a leap day. */
export function randomNow(rng: Random): Date {
  const date = rng.chance(0.5)
    ? rng.pick(["2024-02-29", "2024-03-31", "2023-12-31", "2026-03-15", "2025-01-31", "2100-02-28"])
    : iso(Date.UTC(2020, 0, 1) + rng.int(12 * 365) * DAY_MS);
  return new Date(day(date) + rng.int(DAY_MS));
}

const DATE_UNITS = ["day", "week", "month", "quarter", "year"];
const amount = (rng: Random) =>
  String(rng.pick([0, 1, 2, 3, 7, 29, 30, 31, 365, 400, 3000, 9000, 10000]) * (rng.chance(0.5) ? -1 : 1));
const signed = (n: string) => (n.startsWith("-") ? `(${n})` : n);

function constantDate(rng: Random): string {
  return rng.pick([
    "TODAY()",
    "TODAY()",
    "TODAY()",
    "DATE(2024, 2, 29)",
    'DATEADD(TODAY(), 30, "day")',
    "TODAY() + 30",
    "EOMONTH(TODAY(), 0)",
    "BLANK",
  ]);
}

function number(rng: Random): string {
  return rng.pick(["0", "1", "5", "30", "-30", "0.5", "-2", "7", "1000000", "-1000000", "100.25"]);
}

/** A date that varies with `due`, monotone in it. */
function dateValue(rng: Random, depth: number): string {
  if (depth <= 0 || rng.chance(0.45)) return "due";
  const inner = dateValue(rng, depth - 1);
  switch (rng.int(3)) {
    case 0:
      return `DATEADD(${inner}, ${signed(amount(rng))}, "${rng.pick(DATE_UNITS)}")`;
    case 1:
      return rng.chance(0.5) ? `${inner} + ${signed(amount(rng))}` : `${signed(amount(rng))} + ${inner}`;
    default:
      return `${inner} - ${signed(amount(rng))}`;
  }
}

/** A number that varies with `due`, monotone in it. */
function numberValue(rng: Random, depth: number): string {
  if (depth <= 0 || rng.chance(0.4)) {
    const d = dateValue(rng, 2);
    const c = constantDate(rng);
    switch (rng.int(3)) {
      case 0:
        return `DATEDIF(${c}, ${d}, "${rng.pick(DATE_UNITS)}")`;
      case 1:
        return `DATEDIF(${d}, ${c}, "${rng.pick(DATE_UNITS)}")`;
      default:
        return rng.chance(0.5) ? `(${d} - ${c})` : `(${c} - ${d})`;
    }
  }
  const inner = numberValue(rng, depth - 1);
  switch (rng.int(5)) {
    case 0:
      return `-(${inner})`;
    case 1:
      return `(${inner} + ${number(rng)})`;
    case 2:
      return `(${number(rng)} - ${inner})`;
    case 3:
      return `(${inner} * ${signed(number(rng))})`;
    default:
      return `(${inner} / ${signed(rng.pick(["7", "-3", "0.5", "30"]))})`;
  }
}

const COMPARISONS = ["<", "<=", ">", ">=", "=", "<>"];

function booleanValue(rng: Random, depth: number): string {
  if (depth <= 0 || rng.chance(0.5)) {
    const op = rng.pick(COMPARISONS);
    if (rng.chance(0.5)) return `${numberValue(rng, 1)} ${op} ${signed(number(rng))}`;
    const other = rng.chance(0.1) ? "BLANK" : constantDate(rng);
    return rng.chance(0.5) ? `${dateValue(rng, 2)} ${op} ${other}` : `${other} ${op} ${dateValue(rng, 2)}`;
  }
  const a = booleanValue(rng, depth - 1);
  const b = booleanValue(rng, depth - 1);
  return rng.pick([
    `AND(${a}, ${b})`,
    `OR(${a}, ${b})`,
    `NOT(${a})`,
    `(${a}) AND (${b})`,
    `NOT (${a} OR ${b})`,
  ]);
}

/** Formulas outside the proven shapes: they must keep their plain comparison (and stay correct). */
export const UNPLANNED = [
  "IF(due > TODAY(), 1, 2)",
  "ABS(due - TODAY())",
  "YEAR(due)",
  "(due - TODAY()) * (due - TODAY())",
  "MIN(due - TODAY(), 5)",
  "BLANKVALUE(due, TODAY()) - TODAY()",
  'DATEDIF(due, DATEADD(due, 1, "month"), "day")',
  "ISBLANK(due)",
];

export function randomFormula(rng: Random): string {
  switch (rng.int(5)) {
    case 0:
    case 1:
      return numberValue(rng, 3);
    case 2:
      return dateValue(rng, 3);
    default:
      return booleanValue(rng, 2);
  }
}

const RELATIVE = [
  "today",
  "yesterday",
  "next_30_days",
  "last_7_days",
  "this_month",
  "next_month",
  "this_year",
];

/** A filter of the records API on a formula field for a formula of `type`, with operands near the formula's values. */
export function randomFilter(rng: Random, type: string, today: string): Record<string, unknown> {
  if (type === "boolean") {
    const op = rng.pick(["eq", "neq", "is_empty", "is_not_empty"]);
    return { [op]: op.startsWith("is_") ? rng.chance(0.5) : rng.chance(0.5) };
  }
  const value = (): unknown =>
    type === "date"
      ? randomDate(rng, today)
      : rng.pick([
          String(rng.between(-60, 60)),
          String(rng.between(-800, 800)),
          `${rng.between(-40, 40)}.5`,
          "0",
          String(rng.between(-3_700_000, 3_700_000)),
          String(rng.between(-100, 100) / 7),
        ]);
  const ops = ["eq", "neq", "lt", "lte", "gt", "gte", "between", "in", "nin", "is_empty", "is_not_empty"];
  const op = rng.pick(type === "date" ? [...ops, "within", "within"] : ops);
  switch (op) {
    case "between":
      return { between: [value(), value()] };
    case "in":
    case "nin":
      return { [op]: [value(), value(), value()] };
    case "is_empty":
    case "is_not_empty":
      return { [op]: rng.chance(0.5) };
    case "within":
      return { within: rng.pick(RELATIVE) };
    default:
      return { [op]: value() };
  }
}
