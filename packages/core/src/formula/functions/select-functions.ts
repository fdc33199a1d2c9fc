import { sql } from "kysely";
import { asList, asText } from "./argument-values.ts";
import { defineFunction } from "./function.ts";

export const INCLUDES = defineFunction({
  name: "INCLUDES",
  category: "select",
  syntax: 'INCLUDES(multi_select, "option")',
  description: {
    "zh-CN": "多选字段选中了该选项时为真",
    en: "True when the multi-select field has the option selected",
  },
  minArgs: 2,
  maxArgs: 2,
  neverBlank: true,
  check(c) {
    c.expect(0, "multi_select");
    c.expect(1, "textual");
    c.option(0, 1);
    return "boolean";
  },
  evaluate([values, option]) {
    const list = asList(values ?? null);
    return option !== null && option !== undefined && (list?.includes(asText(option)) ?? false);
  },
  toSql: ([values, option]) => sql`COALESCE(${option} = ANY(${values}), false)`,
});

export const SELECT_FUNCTIONS = [INCLUDES];
