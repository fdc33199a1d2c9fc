import { type FieldDefinition, isStorableText, type Locale, toStorableText } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import { restoreCsvText } from "../export/index.ts";
import type { RecordsService } from "../records/index.ts";
import { coerceAddress } from "./coerce-address.ts";
import { type Coerced, coerceDate, coerceDatetime, reject } from "./coerce-dates.ts";
import {
  coerceBoolean,
  coerceCurrency,
  coerceCurrencyCode,
  coerceMultiSelect,
  coerceNumber,
  coercePercent,
  coerceSingleSelect,
  coerceText,
  splitList,
} from "./coerce-values.ts";
import type { RowIssue } from "./import-issues.ts";
import { type Resolved, resolveDepartments, resolveRelation, resolveUsers } from "./reference-resolver.ts";
import { type Cell, cellText, type FileFormat, isEmptyRow, type SheetRow } from "./table-source.ts";

/** A mapped column with its field, ready to convert cells. */
export interface BoundColumn {
  index: number;
  letter: string;
  field: FieldDefinition;
  lookup: string;
  /** `currency`: the column holds the currency code of the money field (the export's `<label>（币种）`). */
  part?: "currency";
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
  /**
   * The file's kind. A CSV's text cells lose the one `'` Keduo's export put before a formula character
   * (`restoreCsvText`); a workbook's never do, since the export writes its text unprefixed.
   */
  format: FileFormat;
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
    case "address":
      return coerceAddress(cell);
    case "long_text":
    case "rich_text":
      return coerceText(cell, { keepSpaces: true });
    case "text":
    case "email":
    case "phone":
    case "url":
      return coerceText(cell);
    default:
      return reject("unsupported_field");
  }
}

/** A text cell with a NUL character or a lone surrogate (a CSV past its sniffed head, a UTF-16 file) is not. */
const storableCell = (cell: Cell) => typeof cell !== "string" || isStorableText(cell);

const isReference = (field: FieldDefinition) =>
  field.type === "relation" || field.type === "user" || field.type === "department";
/** Fields holding several references: many-to-many relations and multi-department fields. */
const isList = (field: FieldDefinition) =>
  field.config.relation?.cardinality === "many_to_many" ||
  (field.type === "department" && field.config.multiple === true);

function referenceTexts(cell: Cell, field: FieldDefinition): string[] {
  const text = cellText(cell);
  return isList(field) ? splitList(text) : [text];
}

/** The column's cell as the export meant it: a CSV text cell without the export's formula escape. */
function cellOf(row: SheetRow, column: BoundColumn, format: FileFormat): Cell {
  const cell = row.cells[column.index] ?? null;
  return format !== "xlsx" && typeof cell === "string" ? restoreCsvText(cell) : cell;
}

async function resolveAll(rows: SheetRow[], columns: BoundColumn[], deps: ConvertDeps) {
  const resolved = new Map<BoundColumn, Resolved>();
  for (const column of columns.filter((c) => isReference(c.field))) {
    const texts = new Set<string>();
    for (const row of rows) {
      const cell = cellOf(row, column, deps.format);
      // A cell PostgreSQL cannot store is a row problem (convertRows), never a lookup value.
      if (isEmptyRow([cell]) || !storableCell(cell)) continue;
      for (const text of referenceTexts(cell, column.field)) texts.add(text);
    }
    const field = column.field;
    resolved.set(
      column,
      field.type === "user"
        ? await resolveUsers(deps.database, texts)
        : field.type === "department"
          ? await resolveDepartments(deps.database, texts)
          : await resolveRelation(deps.records, deps.access, field, column.lookup, texts),
    );
  }
  return resolved;
}

/**
 * Converts a batch of rows: cells are coerced per field type, then relation, user and department texts are
 * resolved with one lookup per field for the whole batch. A row with any problem is reported (every problem,
 * not the first) and left out; empty cells are left out of the body, so a create takes the default and an
 * update keeps the stored value. A currency code column completes its amount (an amount without one takes
 * the field's default currency; a code without an amount changes nothing).
 */
export async function convertRows(
  rows: SheetRow[],
  columns: BoundColumn[],
  deps: ConvertDeps,
): Promise<{ inputs: RowInput[]; issues: RowIssue[] }> {
  const resolved = await resolveAll(rows, columns, deps);
  const inputs: RowInput[] = [];
  const issues: RowIssue[] = [];
  for (const row of rows) {
    const values: Record<string, unknown> = {};
    const currencies = new Map<string, unknown>();
    const texts = new Map<string, string>();
    let failed = false;
    for (const column of columns) {
      const cell = cellOf(row, column, deps.format);
      if (isEmptyRow([cell])) continue;
      const field = column.field;
      if (!storableCell(cell)) {
        // Refused like the API refuses it, not silently altered; the report shows the storable rest.
        failed = true;
        const value = toStorableText(cellText(cell));
        issues.push({ row: row.number, column: column.letter, value, code: "invalid_characters" });
        continue;
      }
      const text = cellText(cell);
      if (!column.part) texts.set(field.apiName, text);
      const result = column.part
        ? coerceCurrencyCode(cell)
        : isReference(field)
          ? resolveCell(cell, column, resolved.get(column)!, deps)
          : coerceCell(cell, field, deps.timeZone);
      if (!result.ok) {
        failed = true;
        issues.push({
          row: row.number,
          column: column.letter,
          value: text,
          code: result.code,
          ...(result.params ? { params: result.params } : {}),
        });
      } else if (column.part) currencies.set(field.apiName, result.value);
      else values[field.apiName] = result.value;
    }
    for (const [name, currency] of currencies) {
      const money = values[name];
      if (money && typeof money === "object") values[name] = { ...money, currency };
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
    } else if (field.type === "department") {
      if (matches.length === 0) return reject("department_not_found", { value: text });
      if (matches.length > 1) return reject("department_ambiguous", { value: text, count: matches.length });
    } else {
      const target = deps.access.snapshot.objects.get(field.config.relation?.target ?? "");
      const object = target ? target.labels[deps.locale] : (field.config.relation?.target ?? "");
      if (matches.length === 0) return reject("reference_not_found", { value: text, object });
      if (matches.length > 1)
        return reject("reference_ambiguous", { value: text, object, count: matches.length });
    }
    if (!ids.includes(matches[0]!)) ids.push(matches[0]!);
  }
  return { ok: true, value: isList(field) ? ids : ids[0] };
}
