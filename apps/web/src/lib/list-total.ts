import type { Locale } from "@keduo/core";
import { formatNumber } from "./format.ts";

/**
 * A list's total as shown, with the locale's thousands separators. An estimate (the server's answer above
 * its exact-count limit, ADR 0035) is rounded to three significant digits: 124,337 → 124,000, since its
 * last digits mean nothing; an exact count is shown as it is.
 */
export function totalFigure(total: number, estimated: boolean, locale: Locale): string {
  const shown = estimated && total >= 1000 ? Number(total.toPrecision(3)) : total;
  return formatNumber(shown, locale);
}
