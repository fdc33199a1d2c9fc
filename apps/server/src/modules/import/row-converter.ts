import { type FieldDefinition, isStorableText, type Locale, toStorableText } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import { restoreCsvText } from "../export/index.ts";
import type { RecordsService } from "../records/index.ts";
import type { AmountUnit, UnitTally } from "./amount-units.ts";
import { type AddressParts, coerceAddressParts } from "./coerce-address.ts";
import { coerceMultiSelect, coerceSingleSelect } from "./coerce-choices.ts";
import { accept, type Coerced, coerceDate, coerceDatetime, type Rejected, reject } from "./coerce-dates.ts";
import { coercePhone } from "./coerce-phone.ts";
import {
  coerceBoolean,
  coerceCurrencyCode,
  coercePercent,
  coerceText,
  readAmount,
  scaleAmount,
  splitList,
} from "./coerce-values.ts";
import { isWarning, type RowIssue } from "./import-issues.ts";
import type { TargetPart } from "./mapping-suggest.ts";
import type { OptionMatcher } from "./option-matcher.ts";
import { type Resolved, resolveDepartments, resolveRelation, resolveUsers } from "./reference-resolver.ts";
import { type Cell, cellText, type FileFormat, isEmptyRow, LinkCell, type SheetRow } from "./table-source.ts";

/** A mapped column with its field, ready to convert cells; per-column rules are built once, at binding. */
export interface BoundColumn {
  index: number;
  letter: string;
  field: FieldDefinition;
  lookup: string;
  /**
   * `currency`: the column holds the currency code of the money field (the export's `<label>（币种）`);
   * an address part: the column holds that part of the address field (省份, 城市, 区县, 街道).
   */
  part?: TargetPart;
  /** Number and money columns: the unit plain numbers are in. */
  unit: AmountUnit;
  /** The user's value mapping (text → option value, id, or null for "leave empty"). */
  values: Map<string, string | null> | null;
  /** Select columns: the option matching rules. */
  matcher: OptionMatcher | null;
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
  /** Rows whose only problems are warnings are imported as written (else they fail like errors). */
  acceptWarnings: boolean;
}

/** What a batch's conversion found, besides the rows: per number column, how its amounts were written. */
export type UnitTallies = Map<string, UnitTally>;

/** The coercion of each field type that needs no lookup. */
function coerceCell(cell: Cell, column: BoundColumn, deps: ConvertDeps): Coerced {
  const field = column.field;
  switch (field.type) {
    case "date":
      return coerceDate(cell);
    case "datetime":
      return coerceDatetime(cell, deps.timeZone);
    case "percent":
      return coercePercent(cell);
    case "boolean":
      return coerceBoolean(cell);
    case "single_select":
      return coerceSingleSelect(cellText(cell), column);
    case "multi_select":
      return coerceMultiSelect(cellText(cell), column);
    case "long_text":
    case "rich_text":
      return coerceText(cell, { keepSpaces: true });
    case "phone":
      return coercePhone(cell);
    case "text":
    case "email":
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

/**
 * The column's cell as the export meant it: a CSV text cell without the export's formula escape; a link
 * (a HYPERLINK formula) is its address in a URL field and its text elsewhere.
 */
function cellOf(row: SheetRow, column: BoundColumn, format: FileFormat): Cell {
  const cell = row.cells[column.index] ?? null;
  if (cell instanceof LinkCell) return column.field.type === "url" && !column.part ? cell.url : cell.text;
  return format !== "xlsx" && typeof cell === "string" ? restoreCsvText(cell) : cell;
}

/** A number or amount in the column's unit (a cell's own unit wins), counted for the unit warnings. */
function coerceAmount(cell: Cell, column: BoundColumn, tallies: UnitTallies): Coerced {
  const written = readAmount(cell);
  if (written === null) return reject(column.field.type === "currency" ? "invalid_amount" : "invalid_number");
  const tally = tallies.get(column.letter) ?? { plain: 0, own: {} };
  tallies.set(column.letter, tally);
  if (written.own === null) tally.plain++;
  else tally.own[written.own] = (tally.own[written.own] ?? 0) + 1;
  const amount = scaleAmount(written, column.unit);
  return accept(column.field.type === "currency" ? { amount } : amount);
}

const isAmount = (column: BoundColumn) =>
  !column.part && (column.field.type === "number" || column.field.type === "currency");

async function resolveAll(rows: SheetRow[], columns: BoundColumn[], deps: ConvertDeps) {
  const resolved = new Map<BoundColumn, Resolved>();
  for (const column of columns.filter((c) => isReference(c.field))) {
    const texts = new Set<string>();
    for (const row of rows) {
      const cell = cellOf(row, column, deps.format);
      // A cell PostgreSQL cannot store is a row problem (convertRows), never a lookup value.
      if (isEmptyRow([cell]) || !storableCell(cell)) continue;
      // texts the user mapped need no lookup
      for (const text of referenceTexts(cell, column.field)) if (!column.values?.has(text)) texts.add(text);
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

/** The cells of an address field's columns in one row: a whole address and/or its parts. */
interface AddressCells {
  letter: string;
  parts: AddressParts;
}

/**
 * Converts a batch of rows: cells are coerced per field type, then relation, user and department texts are
 * resolved with one lookup per field for the whole batch. A row with any problem is reported (every problem,
 * not the first) and left out — a row with only warnings is imported when the user accepted warnings;
 * empty cells (and values the user mapped to "leave empty") are left out of the body, so a create takes the
 * default and an update keeps the stored value. A currency code column completes its amount (an amount
 * without one takes the field's default currency; a code without an amount changes nothing). Several
 * columns may feed one address field (province, city, district, street, or a whole address).
 */
export async function convertRows(
  rows: SheetRow[],
  columns: BoundColumn[],
  deps: ConvertDeps,
): Promise<{ inputs: RowInput[]; issues: RowIssue[]; tallies: UnitTallies; warned: number }> {
  const resolved = await resolveAll(rows, columns, deps);
  const inputs: RowInput[] = [];
  const issues: RowIssue[] = [];
  const tallies: UnitTallies = new Map();
  let warned = 0;
  for (const row of rows) {
    const values: Record<string, unknown> = {};
    const currencies = new Map<string, unknown>();
    const addresses = new Map<string, AddressCells>();
    const texts = new Map<string, string>();
    let failed = false;
    let warning = false;
    const report = (letter: string, value: string, result: Rejected) => {
      if (isWarning(result.code)) warning = true;
      else failed = true;
      issues.push({
        row: row.number,
        column: letter,
        value,
        code: result.code,
        ...(result.params ? { params: result.params } : {}),
      });
    };
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
      if (field.type === "address") {
        const cells = addresses.get(field.apiName) ?? { letter: column.letter, parts: {} };
        cells.parts[column.part === undefined || column.part === "currency" ? "whole" : column.part] = text;
        addresses.set(field.apiName, cells);
        continue;
      }
      if (!column.part) texts.set(field.apiName, text);
      const result = column.part
        ? coerceCurrencyCode(cell)
        : isReference(field)
          ? resolveCell(cell, column, resolved.get(column)!, deps)
          : isAmount(column)
            ? coerceAmount(cell, column, tallies)
            : coerceCell(cell, column, deps);
      if (!result.ok) report(column.letter, text, result);
      else if (result.warning) {
        report(column.letter, text, result.warning);
        values[field.apiName] = result.value;
      } else if (column.part) currencies.set(field.apiName, result.value);
      else if (result.value !== null) values[field.apiName] = result.value;
    }
    for (const [name, currency] of currencies) {
      const money = values[name];
      if (money && typeof money === "object") values[name] = { ...money, currency };
    }
    for (const [name, cells] of addresses) {
      const text = Object.values(cells.parts).join(" ");
      texts.set(name, text);
      const result = coerceAddressParts(cells.parts);
      if (result.ok) values[name] = result.value;
      else report(cells.letter, text, result);
    }
    if (warning && !failed) warned++;
    if (!failed && (!warning || deps.acceptWarnings)) inputs.push({ row: row.number, values, texts });
  }
  return { inputs, issues, tallies, warned };
}

function resolveCell(cell: Cell, column: BoundColumn, found: Resolved, deps: ConvertDeps): Coerced {
  const ids: string[] = [];
  const field = column.field;
  for (const text of referenceTexts(cell, field)) {
    const chosen = column.values?.get(text);
    if (chosen === null) continue; // the user chose "leave empty" for this text
    const matches = chosen === undefined ? (found.get(text) ?? []) : [chosen];
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
  return accept(isList(field) ? (ids.length ? ids : null) : (ids[0] ?? null));
}
