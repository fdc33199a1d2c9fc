/**
 * Units of amounts as powers of ten: the scale a spreadsheet column's plain numbers are in (年采购额(万元)
 * is ten_thousand). The import applies them; the wizard shows and changes them.
 */
export const AMOUNT_UNITS = {
  one: 0,
  thousand: 3,
  ten_thousand: 4,
  million: 6,
  ten_million: 7,
  hundred_million: 8,
} as const;

export type AmountUnit = keyof typeof AMOUNT_UNITS;
