import type { FieldDefinition, Locale } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import type { RecordsService } from "../records/index.ts";
import { type Coerced, coerceDate, coerceDatetime, reject } from "./coerce-dates.ts";
import {
  coerceBoolean,
  coerceCurrency,
  coerceMultiSelect,
  coerceNumber,
  coercePercent,
  coerceSingleSelect,
  coerceText,
} from "./coerce-values.ts";
import type { RowIssue } from "./import-issues.ts";
import { type Resolved, resolveRelation, resolveUsers } from "./reference-resolver.ts";
import { type Cell, cellText, isEmptyRow, type SheetRow } from "./table-source.ts";

/** A mapped column with its field, ready to convert cells. */
export interface BoundColumn {
  index: number;
  letter: string;
  field: FieldDefinition;
  lookup: string;
}

/** One row turned into a record body (API values), with its sheet row number. */
export interface RowInput {
  row: number;
  values: Record<string, unknown>;
  /** Cell text per field, for error reports. */
  texts: Map<string, string>;
}

export interface ConvertDeps {
  database: Database;
  records: RecordsService;
  access: AccessContext;
  timeZone: string;
  /** The import's language, for object names in problems. */
  locale: Locale;
}

/** The coercion of each field type that needs no lookup. */
function coerceCell(cell: Cell, field: FieldDefinition, timeZone: string): Coerced {
  switch (field.type) {
    case "date":
      return coerceDate(cell);
    case "datetime":
      return coerceDatetime(cell, timeZone);
    case "number":
      return coerceNumber(cell);
    case "currency":
      return coerceCurrency(cell);
    case "percent":
      return coercePercent(cell);
    case "boolean":
      return coerceBoolean(cell);
    case "single_select":
      return coerceSingleSelect(cell, field);
    case "multi_select":
      return coerceMultiSelect(cell, field);
    case "text":
    case "long_text":
    case "rich_text":
    case "email":
    case "phone":
    case "url":
      return coerceText(cell);
    default:
      return reject("unsupported_field");
  }
}

const isReference = (field: FieldDefinition) => field.type === "relation" || field.type === "user";
const manyToMany = (field: FieldDefinition) => field.config.relation?.cardinality === "many_to_many";

function referenceTexts(cell: Cell, field: FieldDefinition): string[] {
  const text = cellText(cell);
  return manyToMany(field)
    ? text
        .split(/[、,，;；|\n]/)
        .map((t) => t.trim())
        .filter(Boolean)
    : [text];
}

/**
 * Converts a batch of rows: cells are coerced per field type, then relation and user texts are resolved with
 * one lookup per field for the whole batch. A row with any problem is reported (every problem, not the first)
 * and left out; empty cells are left out of the body, so a create takes the default and an update keeps the
 * stored value.
 */
export async function convertRows(
  rows: SheetRow[],
  columns: BoundColumn[],
  deps: ConvertDeps,
): Promise<{ inputs: RowInput[]; issues: RowIssue[] }> {
  const lookups = new Map<BoundColumn, Set<string>>();
  for (const column of columns.filter((c) => isReference(c.field))) {
    const texts = new Set<string>();
    for (const row of rows) {
      const cell = row.cells[column.index] ?? null;
      if (!isEmptyRow([cell])) for (const text of referenceTexts(cell, column.field)) texts.add(text);
    }
    lookups.set(column, texts);
  }
  const resolved = new Map<BoundColumn, Resolved>();
  for (const [column, texts] of lookups) {
    resolved.set(
      column,
      column.field.type === "user"
        ? await resolveUsers(deps.database, texts)
        : await resolveRelation(deps.records, deps.access, column.field, column.lookup, texts),
    );
  }
  const inputs: RowInput[] = [];
  const issues: RowIssue[] = [];
  for (const row of rows) {
    const values: Record<string, unknown> = {};
    const texts = new Map<string, string>();
    let failed = false;
    for (const column of columns) {
      const cell = row.cells[column.index] ?? null;
      if (isEmptyRow([cell])) continue;
      const text = cellText(cell);
      texts.set(column.field.apiName, text);
      const result = isReference(column.field)
        ? resolveCell(cell, column, resolved.get(column)!, deps)
        : coerceCell(cell, column.field, deps.timeZone);
      if (result.ok) values[column.field.apiName] = result.value;
      else {
        failed = true;
        issues.push({
          row: row.number,
          column: column.letter,
          value: text,
          code: result.code,
          ...(result.params ? { params: result.params } : {}),
        });
      }
    }
    if (!failed) inputs.push({ row: row.number, values, texts });
  }
  return { inputs, issues };
}

function resolveCell(cell: Cell, column: BoundColumn, found: Resolved, deps: ConvertDeps): Coerced {
  const ids: string[] = [];
  const field = column.field;
  for (const text of referenceTexts(cell, field)) {
    const matches = found.get(text) ?? [];
    if (field.type === "user") {
      if (matches.length === 0) return reject("user_not_found", { value: text });
      if (matches.length > 1) return reject("user_ambiguous", { value: text, count: matches.length });
    } else {
      const target = deps.access.snapshot.objects.get(field.config.relation?.target ?? "");
      const object = target ? target.labels[deps.locale] : (field.config.relation?.target ?? "");
      if (matches.length === 0) return reject("reference_not_found", { value: text, object });
      if (matches.length > 1)
        return reject("reference_ambiguous", { value: text, object, count: matches.length });
    }
    ids.push(matches[0]!);
  }
  return { ok: true, value: manyToMany(field) ? ids : ids[0] };
}
