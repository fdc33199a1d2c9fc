import type { FieldDefinition, FieldIssue } from "@keduo/core";
import { findObjectOrThrow, throwIfIssues } from "./lookup.ts";
import type { MetadataChange } from "./metadata-transaction.ts";

/**
 * Puts an object's fields in a new order. The fields named come first, in that order; the others (ones
 * added meanwhile, deleted ones) keep their relative order after them, so a reorder based on a slightly
 * older field list neither fails nor loses a field. Positions become 0…n-1; only changed rows are written.
 */
export async function reorderFields(
  change: MetadataChange,
  objectName: string,
  order: readonly string[],
  now: Date,
): Promise<FieldDefinition[]> {
  const object = findObjectOrThrow(change.snapshot, objectName);
  const byName = new Map(object.fields.map((f) => [f.apiName, f]));
  const issues: FieldIssue[] = [];
  const named: FieldDefinition[] = [];
  order.forEach((name, index) => {
    const field = byName.get(name);
    if (!field || field.hidden)
      issues.push({ field: `fields.${index}`, code: "unknown_field", params: { name } });
    else if (named.includes(field))
      issues.push({ field: `fields.${index}`, code: "duplicate_value", params: { value: name } });
    else named.push(field);
  });
  throwIfIssues(issues);
  const rest = [...object.fields].sort((a, b) => a.position - b.position).filter((f) => !named.includes(f));
  const ordered = [...named, ...rest].map((field, position) => ({ field, position }));
  for (const { field, position } of ordered) {
    if (field.position === position) continue;
    await change.trx
      .updateTable("fields")
      .set({ position, updated_at: now })
      .where("id", "=", field.id)
      .execute();
  }
  return ordered.map(({ field, position }) => ({ ...field, position }));
}
