import {
  evaluateFormula,
  type FieldDefinition,
  type FormulaContext,
  type FormulaValue,
  type MetadataSnapshot,
  plainFormulaRecord,
  type Sql,
  type TypedExpression,
  toFormulaValue,
} from "@keduo/core";
import { sql } from "kysely";
import {
  type BooleanShape,
  type DateColumnShape,
  dateColumnShape,
  type MonotoneNode,
} from "./date-column-shape.ts";
import {
  complement,
  contains,
  type DaySet,
  dateOfDay,
  EMPTY,
  EVERYTHING,
  FIRST_DAY,
  firstTrue,
  intersect,
  LAST_DAY,
  lastTrue,
  rangeSet,
  union,
} from "./day-sets.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/** One side of a range, as the filter parsed it: a decimal text, a `YYYY-MM-DD` date or a boolean. */
export interface Bound {
  readonly value: unknown;
  readonly inclusive: boolean;
}

/**
 * What a filter asks of a formula's value, with SQL's meaning: `range` never matches BLANK (`F >= x`,
 * `F BETWEEN a AND b`, `F = x`), `empty` is `F IS NULL`, `not` includes BLANK (`F IS DISTINCT FROM x`,
 * `nin`, `is_not_empty`), `any` is `in`.
 */
export type ValueFilter =
  | { readonly kind: "range"; readonly lower?: Bound; readonly upper?: Bound }
  | { readonly kind: "empty" }
  | { readonly kind: "not"; readonly filter: ValueFilter }
  | { readonly kind: "any"; readonly filters: readonly ValueFilter[] };

export interface ColumnSort {
  /** The date column to sort on, in place of the formula. */
  readonly column: string;
  readonly direction: "asc" | "desc";
  /** Set when the formula's BLANKs need the other end than the column direction's default. */
  readonly nulls?: "first" | "last";
}

/**
 * A formula field that is a monotone function of one date column, for one request's clock reading: filters
 * on it become ranges on the column and a sort on it a sort on the column (date-column-shape.ts says which
 * formulas; docs/adr/0010 why it is exact).
 */
export interface DateColumnPlan {
  readonly column: string;
  /** A predicate on the column equal to the filter on the formula, or null when not proven here. */
  where(filter: ValueFilter): Sql | null;
  /** The column sort equal to sorting by the formula (ties by id included), or null. */
  sort(direction: "asc" | "desc"): ColumnSort | null;
}

function compare(a: FormulaValue, b: FormulaValue): number {
  if (typeof a === "object" && a !== null && "comparedTo" in a) return a.comparedTo(b as typeof a);
  if (typeof a === "boolean") return Number(a) - Number(b);
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

function satisfies(
  value: FormulaValue,
  bound: Bound & { parsed: FormulaValue },
  side: "lower" | "upper",
): boolean {
  if (value === null) return false;
  const order = compare(value, bound.parsed);
  if (side === "lower") return bound.inclusive ? order >= 0 : order > 0;
  return bound.inclusive ? order <= 0 : order < 0;
}

type ParsedFilter =
  | { kind: "range"; lower?: Bound & { parsed: FormulaValue }; upper?: Bound & { parsed: FormulaValue } }
  | { kind: "empty" }
  | { kind: "not"; filter: ParsedFilter }
  | { kind: "any"; filters: ParsedFilter[] };

function matches(filter: ParsedFilter, value: FormulaValue): boolean {
  switch (filter.kind) {
    case "range":
      return (
        value !== null &&
        (!filter.lower || satisfies(value, filter.lower, "lower")) &&
        (!filter.upper || satisfies(value, filter.upper, "upper"))
      );
    case "empty":
      return value === null;
    case "not":
      return !matches(filter.filter, value);
    case "any":
      return filter.filters.some((f) => matches(f, value));
  }
}

const MAX_ANY = 20;

class Plan implements DateColumnPlan {
  readonly column: string;
  private readonly shape: DateColumnShape;
  private readonly context: FormulaContext;
  private readonly alias: string;
  private readonly intervals = new Map<MonotoneNode, readonly [number, number] | null>();

  constructor(shape: DateColumnShape, context: FormulaContext, alias: string) {
    this.shape = shape;
    this.column = shape.column;
    this.context = context;
    this.alias = alias;
  }

  /** The TypeScript evaluator on one date (the differential tests hold it equal to the SQL). */
  private at(node: TypedExpression, day: number | null): FormulaValue {
    const record = plainFormulaRecord({ [this.column]: day === null ? null : dateOfDay(day) });
    return evaluateFormula({ ...this.shape.formula, expression: node }, record, this.context);
  }

  /**
   * The dates where `m` is not BLANK: an interval, because each operation of the chain is BLANK either for
   * every date (a BLANK constant) or for none, or — a date shifted by a constant — only past one end of the
   * dates its operand reaches. So the interval keeps at least one end of its operand's, and is found from there.
   */
  private interval(m: MonotoneNode): readonly [number, number] | null {
    if (!m.inner) return [FIRST_DAY, LAST_DAY];
    if (this.intervals.has(m)) return this.intervals.get(m)!;
    const inside = this.interval(m.inner);
    let result: readonly [number, number] | null = null;
    if (inside) {
      const [a, b] = inside;
      const present = (day: number) => this.at(m.node, day) !== null;
      const fromA = present(a);
      const fromB = present(b);
      if (fromA && fromB) result = [a, b];
      else if (fromA) result = [a, lastTrue(a, b, present)!];
      else if (fromB) result = [firstTrue(a, b, present)!, b];
    }
    this.intervals.set(m, result);
    return result;
  }

  /** The dates where `m` is not BLANK and within the bounds: one binary search per bound on `m`'s interval. */
  private within(m: MonotoneNode, lower?: ParsedBound, upper?: ParsedBound): DaySet {
    const inside = this.interval(m);
    if (!inside) return EMPTY;
    let [a, b] = inside;
    for (const [bound, side] of [
      [lower, "lower"],
      [upper, "upper"],
    ] as const) {
      if (!bound || a > b) continue;
      const test = (day: number) => satisfies(this.at(m.node, day), bound, side);
      // A lower bound holds from some date on when m grows with the date, up to some date when it shrinks.
      if ((m.direction === 1) === (side === "lower")) {
        const first = firstTrue(a, b, test);
        if (first === null) return EMPTY;
        a = first;
      } else {
        const last = lastTrue(a, b, test);
        if (last === null) return EMPTY;
        b = last;
      }
    }
    return rangeSet(a, b);
  }

  /** The dates (NULL included) where `m` is BLANK. */
  private blanks(m: MonotoneNode): DaySet {
    const inside = this.interval(m);
    const values = inside ? complement(rangeSet(inside[0], inside[1], { nulls: true })) : complement(EMPTY);
    return { ranges: values.ranges, nulls: this.at(m.node, null) === null };
  }

  private parse(filter: ValueFilter, type: "number" | "date" | "boolean"): ParsedFilter | null {
    const bound = (b: Bound | undefined) => {
      if (!b) return undefined;
      const parsed = toFormulaValue(b.value, type);
      if (parsed === null) throw new Error("a BLANK bound");
      return { ...b, parsed };
    };
    switch (filter.kind) {
      case "range":
        return { kind: "range", lower: bound(filter.lower), upper: bound(filter.upper) };
      case "empty":
        return filter;
      case "not": {
        const inner = this.parse(filter.filter, type);
        return inner && { kind: "not", filter: inner };
      }
      case "any": {
        if (filter.filters.length > MAX_ANY) return null;
        const parts = filter.filters.map((f) => this.parse(f, type));
        return parts.every((p) => p !== null) ? { kind: "any", filters: parts as ParsedFilter[] } : null;
      }
    }
  }

  private valueSet(m: MonotoneNode, filter: ParsedFilter): DaySet {
    switch (filter.kind) {
      case "range":
        return this.within(m, filter.lower, filter.upper);
      case "empty":
        return this.blanks(m);
      case "not":
        return complement(this.valueSet(m, filter.filter));
      case "any":
        return union(filter.filters.map((f) => this.valueSet(m, f)));
    }
  }

  /** The dates (NULL included) where a boolean shape is TRUE; comparisons are never BLANK (README rule 3). */
  private truth(shape: BooleanShape): DaySet {
    switch (shape.kind) {
      case "constant":
        return this.at(shape.node, null) === true ? EVERYTHING : EMPTY;
      case "and":
        return intersect(shape.parts.map((p) => this.truth(p)));
      case "or":
        return union(shape.parts.map((p) => this.truth(p)));
      case "not":
        return complement(this.truth(shape.part));
      case "compare": {
        const other = this.at(shape.other, null);
        const m = shape.value;
        // `x = BLANK` is ISBLANK(x); `<`, `>` … with a BLANK side are FALSE (README rule 4).
        if (other === null) {
          if (shape.operator === "eq") return this.blanks(m);
          return shape.operator === "ne" ? complement(this.blanks(m)) : EMPTY;
        }
        const b = (inclusive: boolean): ParsedBound => ({ value: other, parsed: other, inclusive });
        switch (shape.operator) {
          case "lt":
            return this.within(m, undefined, b(false));
          case "le":
            return this.within(m, undefined, b(true));
          case "gt":
            return this.within(m, b(false));
          case "ge":
            return this.within(m, b(true));
          case "eq":
            return this.within(m, b(true), b(true));
          case "ne":
            return complement(this.within(m, b(true), b(true)));
        }
      }
    }
  }

  private filterSet(filter: ParsedFilter): DaySet {
    const { top } = this.shape;
    if (top.kind === "value") return this.valueSet(top.value, filter);
    const truth = this.truth(top.shape);
    // A boolean built from comparisons is never BLANK: TRUE where `truth` holds, FALSE elsewhere.
    return union([matches(filter, true) ? truth : EMPTY, matches(filter, false) ? complement(truth) : EMPTY]);
  }

  /**
   * A cheap guard against a mistake in the reasoning above: the set must agree with the formula itself at
   * both ends of the date range, around every edge of the set, around today, and on NULL.
   */
  private agrees(filter: ParsedFilter, set: DaySet): boolean {
    const today = Date.parse(`${this.context.today}T00:00:00Z`) / 86_400_000;
    const days = new Set<number>([FIRST_DAY, LAST_DAY, today - 1, today, today + 1]);
    for (const [a, b] of set.ranges) for (const day of [a - 1, a, b, b + 1]) days.add(day);
    const samples: Array<number | null> = [null, ...[...days].filter((d) => d >= FIRST_DAY && d <= LAST_DAY)];
    return samples.every(
      (day) => matches(filter, this.at(this.shape.formula.expression, day)) === contains(set, day),
    );
  }

  where(filter: ValueFilter): Sql | null {
    const { formula, top } = this.shape;
    const type = top.kind === "boolean" ? "boolean" : formula.type === "date" ? "date" : "number";
    let set: DaySet;
    let parsed: ParsedFilter | null;
    try {
      parsed = this.parse(filter, type);
      if (!parsed) return null;
      set = this.filterSet(parsed);
    } catch {
      return null;
    }
    if (!this.agrees(parsed, set)) return null;
    return this.predicate(set);
  }

  /**
   * The set as a predicate that a (column, id) index serves. A date column holds only 0001-01-01 …
   * 9999-12-31, so a range reaching an end of the domain needs no bound on that side.
   */
  private predicate(set: DaySet): Sql {
    const column = sql.id(this.alias, this.column);
    const at = (day: number) => sql`${dateOfDay(day)}::date`;
    const parts = set.ranges.map(([a, b]) => {
      if (a === FIRST_DAY && b === LAST_DAY) return sql`${column} IS NOT NULL`;
      if (a === FIRST_DAY) return sql`${column} <= ${at(b)}`;
      if (b === LAST_DAY) return sql`${column} >= ${at(a)}`;
      return a === b ? sql`${column} = ${at(a)}` : sql`(${column} >= ${at(a)} AND ${column} <= ${at(b)})`;
    });
    if (set.nulls) parts.push(sql`${column} IS NULL`);
    if (parts.length === 0) return sql`false`;
    return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
  }

  /**
   * Sorting by the formula equals sorting by the column when different dates always give different values
   * (ties, broken by id, are then the same rows), no date gives BLANK and NULL gives BLANK: BLANKs are then
   * exactly the NULL dates, which go where the formula's BLANKs go (last ascending, first descending).
   */
  sort(direction: "asc" | "desc"): ColumnSort | null {
    const { top } = this.shape;
    if (top.kind !== "value" || !top.value.strict) return null;
    const inside = this.interval(top.value);
    if (!inside || inside[0] !== FIRST_DAY || inside[1] !== LAST_DAY) return null;
    if (this.at(top.value.node, null) !== null) return null;
    const same = top.value.direction === 1;
    const columnDirection = same === (direction === "asc") ? "asc" : "desc";
    if (same) return { column: this.column, direction: columnDirection };
    return { column: this.column, direction: columnDirection, nulls: direction === "asc" ? "last" : "first" };
  }
}

type ParsedBound = Bound & { parsed: FormulaValue };

const plans = new WeakMap<object, () => DateColumnPlan | null>();

/**
 * Remembers how to build the plan of a formula field's SQL (one request's clock reading, one alias), built
 * only if a filter or sort asks. Keyed by the SQL object itself, so anything that wraps or replaces it (a
 * LATERAL join) simply has no plan and is compared as the expression, as before.
 */
export function registerDateColumnPlan(
  expression: Sql,
  options: {
    snapshot: Snapshot;
    field: FieldDefinition;
    alias: string;
    context: FormulaContext;
    storedColumns: boolean;
  },
): void {
  let plan: DateColumnPlan | null | undefined;
  plans.set(expression, () => {
    if (plan === undefined) {
      const shape = dateColumnShape(options);
      plan = shape && new Plan(shape, options.context, options.alias);
    }
    return plan;
  });
}

/** The date-column plan of a formula field's SQL, or null: filter-sql/filter-to-sql.ts and keyset.ts ask. */
export function dateColumnPlanOf(expression: Sql): DateColumnPlan | null {
  return plans.get(expression)?.() ?? null;
}
