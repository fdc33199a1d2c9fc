import type { FieldDefinition } from "@keduo/core";
import { accept, type Coerced, reject } from "./coerce-dates.ts";
import { splitList } from "./coerce-values.ts";
import { OptionMatcher } from "./option-matcher.ts";

/** How a select column reads its cells: the user's value mapping first, then the matching rules. */
export interface ChoiceRules {
  matcher: OptionMatcher | null;
  values: Map<string, string | null> | null;
}

export function choiceRules(field: FieldDefinition, values: ChoiceRules["values"] = null): ChoiceRules {
  return { matcher: new OptionMatcher(field.config.options ?? []), values };
}

/** The option a text means: a value, null for "leave empty" (the user's choice), undefined for none. */
function chooseOption(text: string, rules: ChoiceRules): string | null | undefined {
  const chosen = rules.values?.get(text.trim());
  if (chosen !== undefined) return chosen;
  return rules.matcher?.match(text)?.value;
}

/** The allowed values go into the problem in both languages; the report shows the reader's. */
function unknown(text: string, rules: ChoiceRules): Coerced {
  return reject("unknown_option", {
    value: text,
    allowed: rules.matcher?.allowed("zh-CN") ?? "",
    allowed_en: rules.matcher?.allowed("en") ?? "",
  });
}

/**
 * An option by the user's value mapping, else by label or value in either language, any case or width,
 * with or without a level suffix (A类 → A), or by pinyin. Accepts null when the user chose "leave empty".
 */
export function coerceSingleSelect(text: string, rules: ChoiceRules): Coerced {
  const value = chooseOption(text, rules);
  return value === undefined ? unknown(text, rules) : accept(value);
}

/** Options of a multi select, each read as for a single select; parts mapped to "leave empty" drop out. */
export function coerceMultiSelect(text: string, rules: ChoiceRules): Coerced {
  const parts = splitList(text, (part) => chooseOption(part, rules) !== undefined);
  const values: string[] = [];
  for (const part of parts) {
    const value = chooseOption(part, rules);
    if (value === undefined) return unknown(part, rules);
    if (value !== null && !values.includes(value)) values.push(value);
  }
  return accept(values.length ? values : null);
}
