/**
 * Decimal text without decimal.js, for the common shapes a bulk write carries ("250", "-12.5", 3.25): the
 * arbitrary-precision path cost ~18 ms of every 1,000-record create in the profile. Anything unusual
 * (exponents, leading zeros, more digits than a double or our columns hold) returns null, and the caller
 * takes the exact decimal.js path; `plain-decimal.test.ts` checks both paths agree.
 */
export interface PlainDecimal {
  negative: boolean;
  /** Integer digits without leading zeros ("0" for a pure fraction). */
  integer: string;
  /** Fraction digits as written, trailing zeros included. */
  fraction: string;
}

const PLAIN = /^(-?)(0|[1-9]\d{0,14})(?:\.(\d{1,8}))?$/;

export function plainDecimal(value: unknown): PlainDecimal | null {
  let text: string;
  if (typeof value === "number") {
    // String() of a double is its shortest round-trip form, as decimal.js reads numbers; exponents fail PLAIN.
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === "string") text = value.trim();
  else return null;
  const match = PLAIN.exec(text);
  if (!match) return null;
  const negative = match[1] === "-" && /[1-9]/.test(text);
  return { negative, integer: match[2]!, fraction: match[3] ?? "" };
}

/** decimal.js `toFixed()`: trailing fraction zeros dropped, no negative zero. */
export function plainToFixed(decimal: PlainDecimal): string {
  const fraction = decimal.fraction.replace(/0+$/, "");
  return `${decimal.negative ? "-" : ""}${decimal.integer}${fraction ? `.${fraction}` : ""}`;
}

/** decimal.js `toFixed(2)` for a value of at most two significant fraction digits. */
export function plainToFixed2(decimal: PlainDecimal): string {
  const fraction = decimal.fraction.replace(/0+$/, "").padEnd(2, "0");
  return `${decimal.negative ? "-" : ""}${decimal.integer}.${fraction}`;
}

/** Digits after the point once trailing zeros are dropped (decimal.js `decimalPlaces()`). */
export function plainScale(decimal: PlainDecimal): number {
  return decimal.fraction.replace(/0+$/, "").length;
}
