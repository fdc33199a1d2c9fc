import { type FieldDefinition, KeduoError, type SelectOption } from "@keduo/core";
import { pinyin } from "pinyin-pro";
import type { AccessContext } from "../access/index.ts";
import { splitList } from "./coerce-values.ts";
import { type DistinctValues, distinctValues } from "./column-values.ts";
import { readRows } from "./file-reader.ts";
import { type AddOptions, columnIndexOf, type ImportDeps, importModel } from "./import-context.ts";
import type { ImportRun } from "./import-run.ts";
import { importableFields } from "./mapping-suggest.ts";
import { OptionMatcher } from "./option-matcher.ts";
import { type SuggestedValue, suggestValues } from "./value-suggest.ts";

/** Field types whose cells are mapped value by value. */
const MAPPED_TYPES = new Set(["single_select", "multi_select", "user", "relation", "department"]);

export interface ValuesQuery {
  sheet: string;
  headerRow: number;
  column: string;
  field: string;
  lookup?: string;
}

function mappedField(access: AccessContext, run: ImportRun, name: string): FieldDefinition {
  const field = importableFields(importModel(access, run.object)).find((f) => f.apiName === name);
  if (!field || !MAPPED_TYPES.has(field.type))
    throw new KeduoError("IMPORT_INVALID_MAPPING", {
      params: { count: 1 },
      issues: [{ field: "field", code: field ? "unsupported_field" : "unknown_field", params: { name } }],
    });
  return field;
}

const isList = (field: FieldDefinition) =>
  field.type === "multi_select" ||
  field.config.relation?.cardinality === "many_to_many" ||
  (field.type === "department" && field.config.multiple === true);

/**
 * The value mapping step's data: the column's distinct texts (at most 1,000, with counts, over the whole
 * sheet), what each would become by the import's rules, and for selects the options and whether the caller
 * may add new ones.
 */
export async function columnValues(
  deps: ImportDeps,
  run: ImportRun,
  query: ValuesQuery,
  access: AccessContext,
) {
  if (!run.facts.sheets.some((s) => s.name === query.sheet))
    throw new KeduoError("IMPORT_SHEET_NOT_FOUND", { params: { sheet: query.sheet } });
  const field = mappedField(access, run, query.field);
  const matcher = field.config.options ? new OptionMatcher(field.config.options) : null;
  const split = (text: string) =>
    text === "" ? [] : isList(field) ? splitList(text, (part) => matcher?.match(part) != null) : [text];
  const open = () => deps.store.open(deps.database.db, run.id);
  const distinct: DistinctValues = await distinctValues(readRows(open, run.facts, query.sheet), {
    headerRow: query.headerRow,
    index: columnIndexOf(query.column),
    format: run.facts.format,
    split,
  });
  const target = access.snapshot.objects.get(field.config.relation?.target ?? "");
  const lookup = query.lookup ?? target?.displayField ?? "";
  const values: SuggestedValue[] = await suggestValues(distinct.values, field, lookup, {
    database: deps.database,
    records: deps.records,
    access,
  });
  return {
    column: query.column,
    field: field.apiName,
    type: field.type,
    rows: distinct.rows,
    empty: distinct.empty,
    capped: distinct.capped,
    other_rows: distinct.other_rows,
    values,
    ...(field.config.options
      ? {
          options: field.config.options.map((o) => ({ value: o.value, labels: o.labels })),
          can_add_options: access.permissions.system.manage_metadata === true,
        }
      : {}),
  };
}

/** An option's API value made from its label: 重点 → zhong_dian, C类 → c_lei, A → a; unique in `taken`. */
export function optionValueFor(label: string, taken: Set<string>): string {
  const latin = pinyin(label, { toneType: "none", type: "array", nonZh: "consecutive" }).join("_");
  const base =
    latin
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 50) || "option";
  let value = base;
  for (let n = 2; taken.has(value); n++) value = `${base}_${n}`;
  taken.add(value);
  return value;
}

/**
 * "Add as a new option" of the value mapping (admins: manage_metadata): each label becomes an option of
 * the select field, its API value made from the label; a label already an option is not added twice.
 * Answers the label → value pairs to put in the mapping.
 */
export async function addImportOptions(
  addOptions: AddOptions,
  run: ImportRun,
  fieldName: string,
  labels: string[],
  access: AccessContext,
) {
  if (!access.permissions.system.manage_metadata) throw new KeduoError("FORBIDDEN");
  const field = mappedField(access, run, fieldName);
  if (!field.config.options)
    throw new KeduoError("IMPORT_INVALID_MAPPING", {
      params: { count: 1 },
      issues: [{ field: "field", code: "unsupported_field", params: { name: fieldName } }],
    });
  const existing = field.config.options;
  const matcher = new OptionMatcher(existing);
  const taken = new Set(existing.map((o) => o.value));
  const added: SelectOption[] = [];
  const result: Array<{ label: string; value: string }> = [];
  for (const raw of labels) {
    const label = raw.trim();
    const known = matcher.match(label) ?? added.find((o) => o.labels["zh-CN"] === label);
    if (known) {
      result.push({ label, value: known.value });
      continue;
    }
    const option = { value: optionValueFor(label, taken), labels: { "zh-CN": label, en: label } };
    added.push(option);
    result.push({ label, value: option.value });
  }
  const updated = added.length
    ? await addOptions(run.object, fieldName, [...existing, ...added], access.userId!)
    : field;
  return {
    field: fieldName,
    added: result,
    options: (updated.config.options ?? []).map((o) => ({ value: o.value, labels: o.labels })),
  };
}
