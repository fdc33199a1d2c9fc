import { sql } from "kysely";
import { blankIfEmpty, textOrEmpty } from "../sql-helpers.ts";
import { substituteText } from "../text-math.ts";
import { asText, textResult } from "./argument-values.ts";
import { defineFunction, type FunctionCheck } from "./function.ts";
import { checkPattern } from "./pattern-check.ts";

function textual(c: FunctionCheck, ...indexes: number[]) {
  for (const index of indexes) c.expect(index, "textual");
}

export const CONTAINS = defineFunction({
  name: "CONTAINS",
  category: "text",
  syntax: "CONTAINS(text, search)",
  description: {
    "zh-CN": "text 含有 search 时为真（区分大小写）",
    en: "True when text contains search (case-sensitive)",
  },
  minArgs: 2,
  maxArgs: 2,
  neverBlank: true,
  check(c) {
    textual(c, 0, 1);
    return "boolean";
  },
  evaluate: ([text, search]) => asText(text ?? null).includes(asText(search ?? null)),
  toSql: ([text, search]) => sql`(strpos(${textOrEmpty(text!)}, ${textOrEmpty(search!)}) > 0)`,
});

export const STARTSWITH = defineFunction({
  name: "STARTSWITH",
  category: "text",
  syntax: "STARTSWITH(text, prefix)",
  description: {
    "zh-CN": "text 以 prefix 开头时为真（区分大小写）",
    en: "True when text starts with prefix (case-sensitive)",
  },
  minArgs: 2,
  maxArgs: 2,
  neverBlank: true,
  check(c) {
    textual(c, 0, 1);
    return "boolean";
  },
  evaluate: ([text, prefix]) => asText(text ?? null).startsWith(asText(prefix ?? null)),
  toSql: ([text, prefix]) => sql`starts_with(${textOrEmpty(text!)}, ${textOrEmpty(prefix!)})`,
});

export const SUBSTITUTE = defineFunction({
  name: "SUBSTITUTE",
  category: "text",
  syntax: "SUBSTITUTE(text, old, new)",
  description: { "zh-CN": "把每处 old 替换为 new", en: "Replaces every occurrence of old with new" },
  minArgs: 3,
  maxArgs: 3,
  check(c) {
    textual(c, 0, 1, 2);
    return "text";
  },
  evaluate: ([text, old, replacement]) =>
    textResult(substituteText(asText(text ?? null), asText(old ?? null), asText(replacement ?? null))),
  toSql: ([text, old, replacement]) =>
    blankIfEmpty(sql`replace(${textOrEmpty(text!)}, ${textOrEmpty(old!)}, ${textOrEmpty(replacement!)})`),
});

export const REGEXMATCH = defineFunction({
  name: "REGEXMATCH",
  category: "text",
  syntax: 'REGEXMATCH(text, "pattern")',
  description: {
    "zh-CN": "text 中有符合模式的部分时为真；模式须为文本常量，只支持安全的子集（见文档）",
    en: "True when part of text matches the pattern; the pattern is a text literal in a safe subset (see the docs)",
  },
  minArgs: 2,
  maxArgs: 2,
  neverBlank: true,
  check: (c) => checkPattern(c),
  evaluate: ([text], call) => call.data.matcher!.test(asText(text ?? null)),
  // The validated pattern, reprinted for PostgreSQL, is a bind parameter like any other value.
  toSql: ([text], call) => sql`(${textOrEmpty(text!)} ~ ${call.data.postgresPattern!}::text)`,
});

export const TEXT_SEARCH_FUNCTIONS = [CONTAINS, STARTSWITH, SUBSTITUTE, REGEXMATCH];
