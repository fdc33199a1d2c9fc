import { sql } from "kysely";
import { codePointLength } from "../../field-types/text-types.ts";
import { toDecimal, wholeNumber } from "../decimal-math.ts";
import { MAX_WHOLE_ARGUMENT } from "../limits.ts";
import { blankIfEmpty, textOrEmpty, wholeSql } from "../sql-helpers.ts";
import {
  codePoints,
  LOWER_LETTERS,
  lowerText,
  TRIM_CHARACTERS,
  trimText,
  UPPER_LETTERS,
  upperText,
} from "../text-math.ts";
import { asNumber, asText, textResult } from "./argument-values.ts";
import { defineFunction, type FunctionCheck } from "./function.ts";

const MAX = MAX_WHOLE_ARGUMENT;

function textual(c: FunctionCheck, ...indexes: number[]) {
  for (const index of indexes) c.expect(index, "textual");
}

export const CONCAT = defineFunction({
  name: "CONCAT",
  category: "text",
  syntax: "CONCAT(text1, [text2, …])",
  description: {
    "zh-CN": "依次连接文本（空值视为空文本）",
    en: "Joins texts in order (BLANK is empty text)",
  },
  minArgs: 1,
  maxArgs: 64,
  check(c) {
    textual(c, ...c.args.map((_, i) => i));
    return "text";
  },
  evaluate: (args) => textResult(args.map(asText).join("")),
  toSql: (args) => blankIfEmpty(sql`(${sql.join(args.map(textOrEmpty), sql` || `)})`),
});

export const LEFT = defineFunction({
  name: "LEFT",
  category: "text",
  syntax: "LEFT(text, count)",
  description: { "zh-CN": "开头的 count 个字符", en: "The first count characters" },
  minArgs: 2,
  maxArgs: 2,
  check(c) {
    textual(c, 0);
    c.expect(1, "numeric");
    return "text";
  },
  evaluate([text, count]) {
    const n = asNumber(count ?? null);
    if (n === null) return null;
    return textResult(
      codePoints(asText(text ?? null))
        .slice(0, wholeNumber(n, 0, MAX))
        .join(""),
    );
  },
  toSql: ([text, count], _call, builder) =>
    builder.reuse([count!], ([n]) => blankIfEmpty(sql`left(${textOrEmpty(text!)}, ${wholeSql(n!, 0, MAX)})`)),
});

export const RIGHT = defineFunction({
  name: "RIGHT",
  category: "text",
  syntax: "RIGHT(text, count)",
  description: { "zh-CN": "末尾的 count 个字符", en: "The last count characters" },
  minArgs: 2,
  maxArgs: 2,
  check(c) {
    textual(c, 0);
    c.expect(1, "numeric");
    return "text";
  },
  evaluate([text, count]) {
    const n = asNumber(count ?? null);
    if (n === null) return null;
    const chars = codePoints(asText(text ?? null));
    const keep = wholeNumber(n, 0, MAX);
    return textResult(keep === 0 ? "" : chars.slice(-keep).join(""));
  },
  toSql: ([text, count], _call, builder) =>
    builder.reuse([count!], ([n]) =>
      blankIfEmpty(sql`right(${textOrEmpty(text!)}, ${wholeSql(n!, 0, MAX)})`),
    ),
});

export const MID = defineFunction({
  name: "MID",
  category: "text",
  syntax: "MID(text, start, count)",
  description: {
    "zh-CN": "从第 start 个字符起（从 1 数起）的 count 个字符",
    en: "count characters from position start (counting from 1)",
  },
  minArgs: 3,
  maxArgs: 3,
  check(c) {
    textual(c, 0);
    c.expect(1, "numeric");
    c.expect(2, "numeric");
    return "text";
  },
  evaluate([text, start, count]) {
    const s = asNumber(start ?? null);
    const n = asNumber(count ?? null);
    if (s === null || n === null) return null;
    const from = wholeNumber(s, 1, MAX + 1) - 1;
    return textResult(
      codePoints(asText(text ?? null))
        .slice(from, from + wholeNumber(n, 0, MAX))
        .join(""),
    );
  },
  toSql: ([text, start, count], _call, builder) =>
    builder.reuse([start!, count!], ([s, n]) =>
      blankIfEmpty(sql`substr(${textOrEmpty(text!)}, ${wholeSql(s!, 1, MAX + 1)}, ${wholeSql(n!, 0, MAX)})`),
    ),
});

export const LEN = defineFunction({
  name: "LEN",
  category: "text",
  syntax: "LEN(text)",
  description: {
    "zh-CN": "字符数（按 Unicode 码点：一个表情或生僻字算一个）",
    en: "Number of characters (Unicode code points: an emoji or a rare CJK character counts once)",
  },
  minArgs: 1,
  maxArgs: 1,
  neverBlank: true,
  check(c) {
    textual(c, 0);
    return "number";
  },
  evaluate: ([text]) => toDecimal(codePointLength(asText(text ?? null))),
  toSql: ([text]) => sql`char_length(${textOrEmpty(text!)})::numeric`,
});

export const UPPER = defineFunction({
  name: "UPPER",
  category: "text",
  syntax: "UPPER(text)",
  description: { "zh-CN": "把字母 a–z 变为大写", en: "Turns the letters a–z into capitals" },
  minArgs: 1,
  maxArgs: 1,
  check(c) {
    textual(c, 0);
    return "text";
  },
  evaluate: ([text]) => textResult(upperText(asText(text ?? null))),
  toSql: ([text]) => sql`translate(${text}, ${sql.lit(LOWER_LETTERS)}, ${sql.lit(UPPER_LETTERS)})`,
});

export const LOWER = defineFunction({
  name: "LOWER",
  category: "text",
  syntax: "LOWER(text)",
  description: { "zh-CN": "把字母 A–Z 变为小写", en: "Turns the letters A–Z into small letters" },
  minArgs: 1,
  maxArgs: 1,
  check(c) {
    textual(c, 0);
    return "text";
  },
  evaluate: ([text]) => textResult(lowerText(asText(text ?? null))),
  toSql: ([text]) => sql`translate(${text}, ${sql.lit(UPPER_LETTERS)}, ${sql.lit(LOWER_LETTERS)})`,
});

export const TRIM = defineFunction({
  name: "TRIM",
  category: "text",
  syntax: "TRIM(text)",
  description: {
    "zh-CN": "去掉首尾的空白（含全角空格）",
    en: "Removes whitespace (including the ideographic space) at both ends",
  },
  minArgs: 1,
  maxArgs: 1,
  check(c) {
    textual(c, 0);
    return "text";
  },
  evaluate: ([text]) => textResult(trimText(asText(text ?? null))),
  toSql: ([text]) => blankIfEmpty(sql`btrim(${text}, ${sql.lit(TRIM_CHARACTERS)})`),
});

export const TEXT_FUNCTIONS = [CONCAT, LEFT, RIGHT, MID, LEN, UPPER, LOWER, TRIM];
