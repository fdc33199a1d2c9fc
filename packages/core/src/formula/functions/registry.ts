import type { Translatable } from "../../i18n/locale.ts";
import { WRITE_FUNCTIONS } from "../check-write.ts";
import { AGGREGATE_FUNCTIONS } from "./aggregate-functions.ts";
import { CONVERSION_FUNCTIONS } from "./conversion-functions.ts";
import { DATE_ARITHMETIC_FUNCTIONS } from "./date-arithmetic-functions.ts";
import { DATE_FUNCTIONS } from "./date-functions.ts";
import type { AggregateFunction, FunctionCategory, ScalarFunction } from "./function.ts";
import { LOGIC_FUNCTIONS } from "./logic-functions.ts";
import { MATH_FUNCTIONS } from "./math-functions.ts";
import { SELECT_FUNCTIONS } from "./select-functions.ts";
import { TEXT_FUNCTIONS } from "./text-functions.ts";
import { TEXT_SEARCH_FUNCTIONS } from "./text-search-functions.ts";

/** The allowlist: a name not in these maps is an unknown function, whatever the formula says. */
const SCALAR = new Map<string, ScalarFunction>(
  [
    ...LOGIC_FUNCTIONS,
    ...MATH_FUNCTIONS,
    ...TEXT_FUNCTIONS,
    ...TEXT_SEARCH_FUNCTIONS,
    ...CONVERSION_FUNCTIONS,
    ...DATE_FUNCTIONS,
    ...DATE_ARITHMETIC_FUNCTIONS,
    ...SELECT_FUNCTIONS,
  ].map((fn) => [fn.name, fn]),
);
const AGGREGATE = new Map<string, AggregateFunction>(AGGREGATE_FUNCTIONS.map((fn) => [fn.name, fn]));

export function findScalarFunction(name: string): ScalarFunction | undefined {
  return SCALAR.get(name);
}

export function findAggregateFunction(name: string): AggregateFunction | undefined {
  return AGGREGATE.get(name);
}

export interface FormulaFunctionInfo {
  name: string;
  category: FunctionCategory;
  syntax: string;
  description: Translatable;
}

/** Every function, for autocomplete and the docs; the "write" ones only work in formulas checked on a write. */
export function listFormulaFunctions(): FormulaFunctionInfo[] {
  const infos: FormulaFunctionInfo[] = [...SCALAR.values()].map(
    ({ name, category, syntax, description }) => ({
      name,
      category,
      syntax,
      description,
    }),
  );
  for (const fn of AGGREGATE.values()) {
    if (!SCALAR.has(fn.name)) {
      infos.push({ name: fn.name, category: "aggregate", syntax: fn.syntax, description: fn.description });
    }
  }
  for (const fn of WRITE_FUNCTIONS) infos.push({ ...fn, category: "write" });
  return infos.sort((a, b) => a.name.localeCompare(b.name));
}
