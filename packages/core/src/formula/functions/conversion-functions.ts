import { sql } from "kysely";
import { numberText } from "../decimal-math.ts";
import { isNumericType } from "../formula-types.ts";
import { inZone, type Sql } from "../sql-helpers.ts";
import { NUMBER_TEXT_PATTERN, parseNumberText, TRIM_CHARACTERS } from "../text-math.ts";
import { asNumber, asText } from "./argument-values.ts";
import { defineFunction } from "./function.ts";
import { datetimeText } from "./zoned-parts.ts";

export const TEXT = defineFunction({
  name: "TEXT",
  category: "text",
  syntax: "TEXT(value)",
  description: {
    "zh-CN": "转为文本：数字不带多余的 0，日期为 YYYY-MM-DD，日期时间为组织时区的 YYYY-MM-DD HH:MM:SS",
    en: "As text: numbers without trailing zeros, dates YYYY-MM-DD, date-times YYYY-MM-DD HH:MM:SS in the org time zone",
  },
  minArgs: 1,
  maxArgs: 1,
  check(c) {
    const type = c.args[0]!.type;
    if (type !== "multi_select") c.expect(0, "scalar");
    return "text";
  },
  evaluate([value], call, context) {
    if (value === null || value === undefined) return null;
    const type = call.args[0]!.type;
    if (isNumericType(type)) return numberText(asNumber(value)!);
    if (type === "boolean") return value ? "TRUE" : "FALSE";
    if (value instanceof Date) return datetimeText(value, context.timeZone);
    if (Array.isArray(value)) return value.join(", ");
    return asText(value);
  },
  toSql([value], call, builder): Sql {
    const type = call.args[0]!.type;
    if (isNumericType(type)) return sql`trim_scale(${value})::text`;
    if (type === "boolean") return sql`CASE ${value} WHEN true THEN 'TRUE' WHEN false THEN 'FALSE' END`;
    if (type === "date") return sql`to_char(${value}, 'YYYY-MM-DD')`;
    if (type === "datetime") {
      return sql`to_char(${inZone(value!, builder.context.timeZone)}, 'YYYY-MM-DD HH24:MI:SS')`;
    }
    if (type === "multi_select") return sql`array_to_string(${value}, ', ')`;
    return sql`(${value})::text`;
  },
});

export const VALUE = defineFunction({
  name: "VALUE",
  category: "text",
  syntax: "VALUE(text)",
  description: {
    "zh-CN": "把形如 -12.5 的文本转为数字（首尾空白忽略）；其他文本为空",
    en: "Turns text like -12.5 into a number (whitespace at the ends ignored); other text gives BLANK",
  },
  minArgs: 1,
  maxArgs: 1,
  check(c) {
    c.expect(0, "textual");
    return "number";
  },
  evaluate: ([text]) => (text === null || text === undefined ? null : parseNumberText(asText(text))),
  toSql: ([text], _call, builder) =>
    builder.reuse(
      [sql`btrim(${text}, ${sql.lit(TRIM_CHARACTERS)})`],
      ([trimmed]) =>
        // The pattern guards the cast: no text can make PostgreSQL raise an error.
        sql`CASE WHEN ${trimmed} ~ ${sql.lit(NUMBER_TEXT_PATTERN)} THEN (${trimmed})::numeric END`,
    ),
});

export const CONVERSION_FUNCTIONS = [TEXT, VALUE];
