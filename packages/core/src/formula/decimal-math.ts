import { Decimal } from "decimal.js";
import { DIVISION_SCALE } from "./limits.ts";

/**
 * Formula arithmetic: exact like PostgreSQL's numeric. The precision only bounds exact results (the
 * formula limits keep every number far below it); operations that would round at it (div, sqrt,
 * fractional powers) are never used.
 */
export const FormulaDecimal = Decimal.clone({
  precision: 100_000,
  rounding: Decimal.ROUND_HALF_UP,
  modulo: Decimal.ROUND_DOWN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

const SCALE_UP = new FormulaDecimal(`1e${DIVISION_SCALE}`);
const SCALE_DOWN = new FormulaDecimal(`1e-${DIVISION_SCALE}`);
const TEN_TO_THE_TWENTY = new FormulaDecimal(`1e${2 * DIVISION_SCALE}`);
/** POWER gives BLANK for a base this large or a result this large: it is the one way to outgrow numeric. */
export const POWER_BOUND = new FormulaDecimal("1e15");
export const POWER_RESULT_BOUND = new FormulaDecimal("1e30");
export const MAX_POWER_EXPONENT = 100;

export function toDecimal(value: Decimal.Value): Decimal {
  return new FormulaDecimal(value);
}

/** `a / b` cut (toward zero) to DIVISION_SCALE places; BLANK when b is zero. */
export function divide(a: Decimal, b: Decimal): Decimal | null {
  if (b.isZero()) return null;
  return a.times(SCALE_UP).divToInt(b).times(SCALE_DOWN);
}

export function remainder(a: Decimal, b: Decimal): Decimal | null {
  return b.isZero() ? null : a.mod(b);
}

/** Half away from zero, like PostgreSQL's round(numeric, int); negative digits round to tens, hundreds … */
export function roundHalfAway(x: Decimal, digits: number): Decimal {
  if (digits >= 0) return x.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP);
  return x.times(`1e${digits}`).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(`1e${-digits}`);
}

/** A whole-number argument: cut toward zero, then clamped so no engine overflows an int. */
export function wholeNumber(x: Decimal, min: number, max: number): number {
  const whole = x.truncated();
  if (whole.lessThan(min)) return min;
  if (whole.greaterThan(max)) return max;
  return whole.toNumber();
}

function integerSquareRoot(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(`1${"0".repeat(Math.ceil(n.toString().length / 2))}`);
  for (;;) {
    const next = (x + n / x) / 2n;
    if (next >= x) return x;
    x = next;
  }
}

/** √x cut to DIVISION_SCALE places (exactly: the integer square root of x·10²⁰); BLANK for negative x. */
export function squareRoot(x: Decimal): Decimal | null {
  if (x.isNegative() && !x.isZero()) return null;
  const scaled = BigInt(x.times(TEN_TO_THE_TWENTY).truncated().toFixed(0));
  return new FormulaDecimal(integerSquareRoot(scaled).toString()).times(SCALE_DOWN);
}

/**
 * x to a whole power n (|n| ≤ 100), with x first cut to DIVISION_SCALE places and the result cut to
 * DIVISION_SCALE places. BLANK for a fractional or too large exponent, |x| ≥ 10¹⁵, 0 to a negative
 * power, or a result of 10³⁰ or more.
 */
export function power(x: Decimal, n: Decimal): Decimal | null {
  if (
    !n.isInteger() ||
    n.abs().greaterThan(MAX_POWER_EXPONENT) ||
    x.abs().greaterThanOrEqualTo(POWER_BOUND)
  ) {
    return null;
  }
  const exponent = n.toNumber();
  const mantissa = x.times(SCALE_UP).truncated();
  const unit = SCALE_UP.pow(Math.abs(exponent));
  const result = exponent >= 0 ? divide(mantissa.pow(exponent), unit) : divide(unit, mantissa.pow(-exponent));
  return result?.abs().lessThan(POWER_RESULT_BOUND) ? result : null;
}

/** Plain digits, no exponent, no trailing zeros: what TEXT(number) shows (PostgreSQL: trim_scale). */
export function numberText(x: Decimal): string {
  return x.isZero() ? "0" : x.toFixed();
}
