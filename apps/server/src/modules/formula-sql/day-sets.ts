/**
 * Sets of dates of one column as sorted, disjoint ranges of day numbers (days since 1970-01-01), plus whether
 * a NULL date belongs: the shape a filter on a date-monotone formula turns into (date-column-plan.ts).
 * Dates of a date field are 0001-01-01 … 9999-12-31 (the date type refuses others), the whole domain here.
 */

const DAY_MS = 86_400_000;
export const FIRST_DAY = Date.parse("0001-01-01T00:00:00Z") / DAY_MS;
export const LAST_DAY = Date.parse("9999-12-31T00:00:00Z") / DAY_MS;

/** `YYYY-MM-DD` of a day number in the domain. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export interface DaySet {
  /** Inclusive [first, last] day numbers, sorted, disjoint and not touching. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  readonly nulls: boolean;
}

export const EMPTY: DaySet = { ranges: [], nulls: false };
export const EVERYTHING: DaySet = { ranges: [[FIRST_DAY, LAST_DAY]], nulls: true };

export function rangeSet(first: number, last: number, { nulls = false }: { nulls?: boolean } = {}): DaySet {
  return { ranges: first <= last ? [[first, last]] : [], nulls };
}

function normalise(ranges: Array<readonly [number, number]>, nulls: boolean): DaySet {
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return { ranges: out, nulls };
}

export function union(sets: readonly DaySet[]): DaySet {
  return normalise(
    sets.flatMap((s) => s.ranges),
    sets.some((s) => s.nulls),
  );
}

export function complement(set: DaySet): DaySet {
  const out: Array<[number, number]> = [];
  let next = FIRST_DAY;
  for (const [a, b] of set.ranges) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= LAST_DAY) out.push([next, LAST_DAY]);
  return { ranges: out, nulls: !set.nulls };
}

export function intersect(sets: readonly DaySet[]): DaySet {
  return complement(union(sets.map(complement)));
}

export function contains(set: DaySet, day: number | null): boolean {
  if (day === null) return set.nulls;
  return set.ranges.some(([a, b]) => a <= day && day <= b);
}

/** The smallest day of [first, last] where `test` holds, for a test that is false…false, true…true there. */
export function firstTrue(first: number, last: number, test: (day: number) => boolean): number | null {
  if (first > last || !test(last)) return null;
  let lo = first;
  let hi = last;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The largest day of [first, last] where `test` holds, for a test that is true…true, false…false there. */
export function lastTrue(first: number, last: number, test: (day: number) => boolean): number | null {
  if (first > last || !test(first)) return null;
  let lo = first;
  let hi = last;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (test(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
