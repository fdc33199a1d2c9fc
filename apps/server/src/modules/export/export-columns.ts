import type { FieldDefinition, Locale } from "@keduo/core";
import type { RestrictedModel } from "../access/index.ts";
import {
  type Cell,
  type CellContext,
  datetimeCell,
  fieldCell,
  type PageNames,
  SYSTEM_LABELS,
} from "./cell-values.ts";

type Row = Record<string, unknown>;

/** How a column's numbers and dates look in Excel (a number format; CSV writes the plain value). */
export type ColumnFormat = "general" | "money" | "percent" | "date" | "datetime";

export interface ExportColumn {
  /** The API name, or `<api_name>__currency` for the currency code of a money field. */
  key: string;
  /** The label in the export's language. */
  header: string;
  /** The field type (`currency_code` for the currency part of a money field). */
  type: string;
  format: ColumnFormat;
  width: number;
  cell(record: Row, names: PageNames, ctx: CellContext): Cell;
}

const USER_COLUMNS = new Set(["created_by", "updated_by", "owner_id"]);

function formatOf(field: FieldDefinition): ColumnFormat {
  const type = field.type === "formula" ? field.config.result_type : field.type;
  if (type === "currency") return "money";
  if (type === "percent") return "percent";
  if (type === "date") return "date";
  if (type === "datetime") return "datetime";
  return "general";
}

function widthOf(field: FieldDefinition): number {
  if (field.type === "datetime" || field.type === "address" || field.type === "long_text") return 22;
  if (field.type === "rich_text") return 40;
  if (field.type === "number" || field.type === "percent" || field.type === "boolean") return 12;
  return 18;
}

function systemColumn(name: string, locale: Locale): ExportColumn {
  const header = SYSTEM_LABELS[name]?.[locale] ?? name;
  if (name === "created_at" || name === "updated_at")
    return {
      key: name,
      header,
      type: "datetime",
      format: "datetime",
      width: 20,
      cell: (record, _names, ctx) => datetimeCell(record[name], ctx.timeZone),
    };
  if (USER_COLUMNS.has(name))
    return {
      key: name,
      header,
      type: "user",
      format: "general",
      width: 14,
      cell: (record, names) => {
        const id = record[name];
        return typeof id === "string" ? { kind: "text", value: names.users.get(id) ?? id } : null;
      },
    };
  return {
    key: name,
    header,
    type: "id",
    format: "general",
    width: 38,
    cell: (record) => ({ kind: "text", value: String(record.id) }),
  };
}

/** The money field's currency code, in its own column right after the amount. */
function currencyColumn(field: FieldDefinition, locale: Locale): ExportColumn {
  const label = field.labels[locale];
  return {
    key: `${field.apiName}__currency`,
    header: locale === "zh-CN" ? `${label}（币种）` : `${label} (currency)`,
    type: "currency_code",
    format: "general",
    width: 10,
    cell: (record) => {
      const value = record[field.apiName] as { currency?: string | null } | null;
      return value?.currency ? { kind: "text", value: value.currency } : null;
    },
  };
}

/**
 * The export's columns for the given column names, which the caller has checked against `model` (the object
 * as this user sees it): fields hidden from the user are not in it, so they cannot become a column.
 */
export function exportColumns(model: RestrictedModel, names: string[], locale: Locale): ExportColumn[] {
  const columns: ExportColumn[] = [];
  for (const name of names) {
    const field = model.fieldByName.get(name);
    if (!field) {
      columns.push(systemColumn(name, locale));
      continue;
    }
    columns.push({
      key: field.apiName,
      header: field.labels[locale],
      type: field.type,
      format: formatOf(field),
      width: widthOf(field),
      cell: (record, names, ctx) => fieldCell(field, record[field.apiName], names, ctx),
    });
    if (field.type === "currency") columns.push(currencyColumn(field, locale));
  }
  return columns;
}
