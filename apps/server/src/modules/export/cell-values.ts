import {
  countryName,
  type FieldDefinition,
  type Locale,
  type MetadataSnapshot,
  type Translatable,
  zonedParts,
} from "@keduo/core";

/**
 * One exported cell, typed so each writer can render it natively: numbers stay numbers (`text` is their exact
 * decimal form, for CSV and for amounts beyond a double's precision), dates are calendar dates and datetimes
 * wall-clock times in the organisation's time zone ("YYYY-MM-DD HH:mm:ss").
 */
export type Cell =
  | null
  | { kind: "text"; value: string }
  | { kind: "number"; text: string }
  | { kind: "date"; value: string }
  | { kind: "datetime"; value: string };

type Row = Record<string, unknown>;

/** Names of users and departments on one page, looked up once per page. */
export interface PageNames {
  users: Map<string, string>;
  departments: Map<string, string>;
}

export interface CellContext {
  locale: Locale;
  timeZone: string;
  snapshot: MetadataSnapshot;
  divisionName(code: string): string | null;
}

const text = (value: string): Cell => (value === "" ? null : { kind: "text", value });
const number = (value: unknown): Cell =>
  value === null || value === undefined || value === "" ? null : { kind: "number", text: String(value) };

/** "、" joins lists in Chinese (汽车、芯片), ", " in English; imports split on both. */
export const listSeparator = (locale: Locale) => (locale === "zh-CN" ? "、" : ", ");

const yesNo: Record<Locale, [string, string]> = { "zh-CN": ["是", "否"], en: ["Yes", "No"] };

export function booleanText(value: unknown, locale: Locale): Cell {
  if (value === true) return text(yesNo[locale][0]);
  if (value === false) return text(yesNo[locale][1]);
  return null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function datetimeCell(value: unknown, timeZone: string): Cell {
  if (typeof value !== "string" || value === "") return null;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return null;
  const p = zonedParts(instant, timeZone);
  return {
    kind: "datetime",
    value: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
  };
}

const dateCell = (value: unknown): Cell =>
  typeof value === "string" && value !== "" ? { kind: "date", value } : null;

function optionLabel(field: FieldDefinition, value: unknown, locale: Locale): string {
  const option = field.config.options?.find((o) => o.value === value);
  return option ? option.labels[locale] : String(value);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** Rich text as the text a reader sees: block ends become line breaks, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|blockquote|tr)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "")
    .replace(/\n+$/, "");
}

const TITLE_TYPES = new Set(["text", "auto_number", "email", "phone"]);

/**
 * The name of an expanded related record, as the web shows it: the object's display field, else its first
 * text-like field, else its id. Only fields the user may see are in `record` (expand applies the access layer).
 */
export function recordName(snapshot: MetadataSnapshot, objectName: string, record: Row): string {
  const object = snapshot.objects.get(objectName);
  const candidates = object
    ? [
        ...(object.displayField ? [object.displayField] : []),
        ...object.fields.filter((f) => !f.hidden && TITLE_TYPES.has(f.type)).map((f) => f.apiName),
      ]
    : [];
  for (const name of candidates) {
    const value = record[name];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return String(record.id ?? "");
}

function addressText(value: unknown, ctx: CellContext): Cell {
  if (!value || typeof value !== "object") return null;
  const address = value as {
    country?: string;
    province?: string;
    city?: string | null;
    district?: string | null;
    detail?: string;
  };
  // Abroad: the country, then the lines as typed, which the import reads back (日本 東京都…).
  if (address.country)
    return text([countryName(address.country, ctx.locale), address.detail ?? ""].join(" "));
  const names = [address.province, address.city, address.district]
    .filter((code): code is string => typeof code === "string" && code !== "")
    .map((code) => ctx.divisionName(code) ?? code);
  // Chinese addresses run together from province to district, then the street address.
  return text([names.join(""), address.detail ?? ""].filter(Boolean).join(" "));
}

const joined = (items: string[], ctx: CellContext) =>
  text(items.filter(Boolean).join(listSeparator(ctx.locale)));

/** A field's API value (with relations expanded) as a cell. */
export function fieldCell(field: FieldDefinition, value: unknown, names: PageNames, ctx: CellContext): Cell {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case "number":
    case "percent":
      return number(value);
    case "currency":
      return number((value as { amount?: string }).amount);
    case "date":
      return dateCell(value);
    case "datetime":
      return datetimeCell(value, ctx.timeZone);
    case "boolean":
      return booleanText(value, ctx.locale);
    case "single_select":
      return text(optionLabel(field, value, ctx.locale));
    case "multi_select":
      return joined(
        (value as unknown[]).map((v) => optionLabel(field, v, ctx.locale)),
        ctx,
      );
    case "rich_text":
      return text(htmlToText(String(value)));
    case "address":
      return addressText(value, ctx);
    case "user":
      return text(names.users.get(String(value)) ?? String(value));
    case "department":
      return Array.isArray(value)
        ? joined(
            value.map((id) => names.departments.get(String(id)) ?? String(id)),
            ctx,
          )
        : text(names.departments.get(String(value)) ?? String(value));
    case "relation": {
      const target = field.config.relation?.target ?? "";
      const records = (Array.isArray(value) ? value : [value]) as unknown[];
      return joined(
        records.map((r) => (r && typeof r === "object" ? recordName(ctx.snapshot, target, r as Row) : "")),
        ctx,
      );
    }
    case "attachment":
      return joined(
        (value as Array<{ name?: string }>).map((file) => file.name ?? ""),
        ctx,
      );
    case "formula":
      return formulaCell(field, value, names, ctx);
    default:
      return text(String(value));
  }
}

function formulaCell(field: FieldDefinition, value: unknown, names: PageNames, ctx: CellContext): Cell {
  switch (field.config.result_type) {
    case "number":
    case "percent":
    case "currency":
      return number(value);
    case "date":
      return dateCell(value);
    case "datetime":
      return datetimeCell(value, ctx.timeZone);
    case "boolean":
      return booleanText(value, ctx.locale);
    case "user":
      return text(names.users.get(String(value)) ?? String(value));
    case "multi_select":
      return Array.isArray(value) ? joined(value.map(String), ctx) : text(String(value));
    default:
      return text(String(value));
  }
}

/** Header labels of the system columns (they have no metadata labels of their own). */
export const SYSTEM_LABELS: Record<string, Translatable> = {
  id: { "zh-CN": "ID", en: "ID" },
  created_at: { "zh-CN": "创建时间", en: "Created at" },
  updated_at: { "zh-CN": "更新时间", en: "Updated at" },
  created_by: { "zh-CN": "创建人", en: "Created by" },
  updated_by: { "zh-CN": "更新人", en: "Updated by" },
  owner_id: { "zh-CN": "负责人", en: "Owner" },
};
