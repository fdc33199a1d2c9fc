import type { Translatable } from "@keduo/core";
import type { Db, Trx } from "../../db/database.ts";

/** A validation rule as stored: `condition` is true when a record is invalid. */
export interface ValidationRule {
  id: string;
  object: string;
  apiName: string;
  condition: string;
  message: Translatable;
  /** The field the message attaches to; null for the record as a whole. */
  field: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export async function loadRules(
  executor: Db | Trx,
  filter: { object?: string; apiName?: string; activeOnly?: boolean } = {},
): Promise<ValidationRule[]> {
  let query = executor.selectFrom("validation_rules").selectAll().orderBy("created_at").orderBy("api_name");
  if (filter.object !== undefined) query = query.where("object", "=", filter.object);
  if (filter.apiName !== undefined) query = query.where("api_name", "=", filter.apiName);
  if (filter.activeOnly) query = query.where("active", "=", true);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    object: row.object,
    apiName: row.api_name,
    condition: row.condition,
    message: row.message as Translatable,
    field: row.field,
    active: row.active,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }));
}

export async function insertRule(trx: Trx, rule: ValidationRule): Promise<void> {
  await trx
    .insertInto("validation_rules")
    .values({
      id: rule.id,
      object: rule.object,
      api_name: rule.apiName,
      condition: rule.condition,
      message: JSON.stringify(rule.message),
      field: rule.field,
      active: rule.active,
      created_at: rule.createdAt,
      updated_at: rule.updatedAt,
    })
    .execute();
}

export async function updateRule(trx: Trx, rule: ValidationRule): Promise<void> {
  await trx
    .updateTable("validation_rules")
    .set({
      condition: rule.condition,
      message: JSON.stringify(rule.message),
      field: rule.field,
      active: rule.active,
      updated_at: rule.updatedAt,
    })
    .where("id", "=", rule.id)
    .execute();
}

export async function deleteRules(trx: Trx, filter: { object: string; id?: string }): Promise<void> {
  let query = trx.deleteFrom("validation_rules").where("object", "=", filter.object);
  if (filter.id !== undefined) query = query.where("id", "=", filter.id);
  await query.execute();
}

/** The API form of a rule (snake_case like every other definition). */
export function serializeRule(rule: ValidationRule) {
  return {
    id: rule.id,
    object: rule.object,
    api_name: rule.apiName,
    condition: rule.condition,
    message: rule.message,
    field: rule.field,
    active: rule.active,
    created_at: rule.createdAt.toISOString(),
    updated_at: rule.updatedAt.toISOString(),
  };
}
