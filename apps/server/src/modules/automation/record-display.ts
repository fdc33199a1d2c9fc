import type { FieldDefinition, Locale, MetadataSnapshot } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { People } from "./people.ts";

/** A record's field as a reader would see it in a text, in one language. */
export type DisplayValue = (name: string, locale: Locale) => string;

interface SelectOption {
  value: string;
  labels?: Partial<Record<Locale, string>>;
}

const optionLabel = (field: FieldDefinition, value: unknown, locale: Locale) => {
  const options = (field.config as { options?: SelectOption[] }).options ?? [];
  const option = options.find((o) => o.value === value);
  return option?.labels?.[locale] || option?.labels?.en || String(value);
};

function plain(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && value !== null && "amount" in value)
    return `${(value as { currency?: string }).currency ?? ""} ${(value as { amount: unknown }).amount}`.trim();
  if (Array.isArray(value)) return value.map(plain).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * What `{{field}}` shows for one record: option labels in the recipient's language, people and related records
 * by name (users through the action's `people`, and one query per related object), other values as written.
 */
export async function loadDisplay(
  trx: Trx,
  schemas: Schemas,
  snapshot: MetadataSnapshot,
  objectName: string,
  record: Record<string, unknown>,
  people: People,
): Promise<DisplayValue> {
  const object = snapshot.objects.get(objectName);
  const fields = new Map((object?.fields ?? []).map((f) => [f.apiName, f]));
  const names = new Map<string, string>();
  const userIds = [...fields.values()]
    .filter((f) => f.type === "user")
    .map((f) => record[f.apiName])
    .concat(record.owner_id)
    .filter((id): id is string => typeof id === "string");
  for (const [id, person] of await people.get(userIds)) names.set(id, person.name);
  for (const field of fields.values()) {
    const target = (field.config as { relation?: { target?: string } }).relation?.target;
    const id = record[field.apiName];
    const display = target ? snapshot.objects.get(target)?.displayField : null;
    if (field.type !== "relation" || typeof id !== "string" || !target || !display) continue;
    const { rows } = await sql<{ name: unknown }>`SELECT ${sql.id(display)} AS name
      FROM ${objectTable(schemas, target)} WHERE id = ${id}`.execute(trx);
    if (rows[0]) names.set(id, plain(rows[0].name));
  }
  return (name, locale) => {
    const value = record[name];
    const field = fields.get(name);
    if (name === "owner_id" || field?.type === "user" || field?.type === "relation")
      return typeof value === "string" ? (names.get(value) ?? value) : "";
    if (field && (field.type === "single_select" || field.type === "multi_select"))
      return Array.isArray(value)
        ? value.map((v) => optionLabel(field, v, locale)).join("、")
        : value === null || value === undefined
          ? ""
          : optionLabel(field, value, locale);
    return plain(value);
  };
}
