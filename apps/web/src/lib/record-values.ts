import type { FieldMeta, RecordData } from "../api/types.ts";
import { isEditable } from "./metadata.ts";

const isBlank = (value: unknown) =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

/** A value as a form holds it: relations as ids (reads may hold expanded records). */
export function toFormValue(field: FieldMeta, value: unknown): unknown {
  if (field.type === "relation") {
    const idOf = (v: unknown) => (v && typeof v === "object" && "id" in v ? (v as RecordData).id : v);
    return Array.isArray(value) ? value.map(idOf) : idOf(value);
  }
  return value;
}

export function recordToFormValues(fields: FieldMeta[], record: RecordData): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.api_name, toFormValue(f, record[f.api_name])]));
}

/** The body of a create: the values the user gave (blank ones are left to the server's defaults). */
export function createPayload(fields: FieldMeta[], values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (!isEditable(field)) continue;
    const value = values[field.api_name];
    if (!isBlank(value)) body[field.api_name] = value;
  }
  return body;
}

/** The body of an update: only what changed, so a save never overwrites fields the user did not touch. */
export function updatePayload(
  fields: FieldMeta[],
  values: Record<string, unknown>,
  initial: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (!isEditable(field) || !(field.api_name in values)) continue;
    const before = isBlank(initial[field.api_name]) ? null : initial[field.api_name];
    const after = isBlank(values[field.api_name]) ? null : values[field.api_name];
    if (JSON.stringify(before) !== JSON.stringify(after)) body[field.api_name] = after;
  }
  return body;
}
