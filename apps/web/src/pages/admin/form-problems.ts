import { apiNameWords, joinApiNameWords } from "@keduo/core";
import type { FormInstance } from "antd";
import type { ProblemError } from "../../api/problem.ts";

type NamePath = (string | number)[];

const toPath = (field: string): NamePath =>
  field.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));

const startsWith = (name: NamePath, prefix: NamePath) => prefix.every((part, i) => name[i] === part);

/**
 * Puts each server problem under the form input it is about. The API's `errors[].field` paths
 * (`labels.en`, `config.options.0.value`) are the form's name paths; a problem about a group (`labels`)
 * goes to the group's first input, and a problem no input matches is returned for a general message.
 */
export function applyProblems(form: FormInstance, problem: ProblemError, nameFor?: (code: string) => string) {
  const registered = form.getFieldsError().map((entry) => entry.name as NamePath);
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  const unmatched: string[] = [];
  const issues = problem.errors.length
    ? problem.errors
    : nameFor?.(problem.code)
      ? [{ field: nameFor(problem.code), code: problem.code, message: problem.detail }]
      : [];
  for (const issue of issues) {
    const path = toPath(issue.field);
    const target =
      registered.find((name) => name.length === path.length && startsWith(name, path)) ??
      registered.find((name) => startsWith(name, path)) ??
      [...registered].filter((name) => startsWith(path, name)).sort((a, b) => b.length - a.length)[0];
    if (!target) {
      unmatched.push(issue.message);
      continue;
    }
    const key = JSON.stringify(target);
    const entry = byName.get(key) ?? { name: target, errors: [] };
    entry.errors.push(issue.message);
    byName.set(key, entry);
  }
  form.setFields([...byName.values()]);
  const first = [...byName.values()][0];
  if (first) form.scrollToField(first.name, { block: "center" });
  return { matched: byName.size, unmatched };
}

/**
 * A suggested API name from an English label: "Contact phone" → "contact_phone", cut between words (the
 * server's own rule for names it makes), never inside one; leading digits dropped.
 */
export function suggestApiName(label: string): string {
  const words = apiNameWords(label);
  if (words[0]) words[0] = words[0].replace(/^[0-9]+/, "");
  const name = joinApiNameWords(words.filter(Boolean), 40);
  return name.length >= 2 ? name : "";
}

/**
 * An option's API value from its English label: lower case, letters, digits and _ (1–60 characters, so
 * an option labelled "A" is the value a — what the server keeps anyway).
 */
export function suggestOptionValue(label: string): string {
  return joinApiNameWords(apiNameWords(label), 60);
}

/** A suggested English plural for list titles: "Supplier" → "Suppliers", "Company" → "Companies". */
export function suggestPlural(noun: string): string {
  const word = noun.trim();
  if (!word) return "";
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}
