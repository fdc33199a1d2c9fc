import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal } from "./number-types.ts";
import { plainDecimal, plainScale, plainToFixed, plainToFixed2 } from "./plain-decimal.ts";

const decimalText = fc
  .tuple(
    fc.constantFrom("", "-", " ", "+"),
    fc.stringMatching(/^\d{1,17}$/),
    fc.option(fc.stringMatching(/^\d{0,10}$/)),
    fc.constantFrom("", " ", "e3"),
  )
  .map(
    ([sign, integer, fraction, tail]) => `${sign}${integer}${fraction === null ? "" : `.${fraction}`}${tail}`,
  );
const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger(), fc.constantFrom(-0, 1e21, 5e-7));

describe("plain decimals agree with decimal.js", () => {
  it("takes only values the exact path accepts, and formats them the same way", () => {
    fc.assert(
      fc.property(fc.oneof(decimalText, anyNumber), (value) => {
        const plain = plainDecimal(value);
        if (!plain) return;
        const exact = parseDecimal(value);
        expect(exact, `exact path rejects ${String(value)}`).not.toBeNull();
        expect(plainToFixed(plain)).toBe(exact!.toFixed());
        expect(plainScale(plain)).toBe(exact!.decimalPlaces());
        if (plainScale(plain) <= 2) expect(plainToFixed2(plain)).toBe(exact!.toFixed(2));
        expect(exact!.abs().lessThan(new Decimal("1e15"))).toBe(true);
      }),
      { seed: 20261125, numRuns: 20_000 },
    );
  });

  it("leaves unusual shapes to the exact path", () => {
    for (const value of [
      "1e3",
      "007",
      "1.123456789",
      "1234567890123456",
      1e21,
      5e-7,
      Number.NaN,
      "",
      "-",
      ".5",
    ])
      expect(plainDecimal(value), String(value)).toBeNull();
    expect(plainToFixed(plainDecimal("-0.00")!)).toBe("0");
    expect(plainToFixed2(plainDecimal("12.500")!)).toBe("12.50");
  });
});
