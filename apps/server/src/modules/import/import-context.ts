import { type Clock, KeduoError } from "@keduo/core";
import { sql } from "kysely";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { AccessContext, AccessService } from "../access/index.ts";
import { modelOrThrow, type RecordsService, type RestrictedModel, restrictModel } from "../records/index.ts";
import type { Actor } from "./batch-writer.ts";
import type { ImportLimits } from "./import-limits.ts";
import type { ColumnMapping, ImportStore } from "./import-store.ts";
import { importableFields } from "./mapping-suggest.ts";
import type { BoundColumn } from "./row-converter.ts";

export interface ImportDeps {
  database: Database;
  records: RecordsService;
  access: AccessService;
  config: ServerConfig;
  clock: Clock;
  store: ImportStore;
  limits: ImportLimits;
}

/**
 * The importing user's rights, rebuilt when the job runs (not kept from the request): a user disabled or
 * stripped of a role since the upload imports nothing more.
 */
export async function importerAccess(deps: ImportDeps, userId: string): Promise<AccessContext> {
  const { rows } = await sql<{ id: string; department_id: string | null; roles: string[] | null }>`
    SELECT u.id, u.department_id, ARRAY(SELECT r.api_name FROM ${sql.id(deps.database.schemas.system, "user_roles")} ur
      JOIN ${sql.id(deps.database.schemas.system, "roles")} r ON r.id = ur.role_id WHERE ur.user_id = u.id) AS roles
    FROM ${sql.id(deps.database.schemas.system, "users")} u WHERE u.id = ${userId} AND u.status = 'active'`.execute(
    deps.database.db,
  );
  const user = rows[0];
  if (!user) throw new KeduoError("FORBIDDEN");
  return deps.access.contextFor(
    { userId: user.id, departmentId: user.department_id, roles: user.roles ?? [] },
    deps.database.db,
  );
}

export function importActor(access: AccessContext): Actor {
  return { access, origin: { ip: null, via: "system" } };
}

export function columnIndexOf(letter: string): number {
  let n = 0;
  for (const ch of letter) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The object as the importing user may fill it. */
export function importModel(access: AccessContext, object: string): RestrictedModel {
  return restrictModel(modelOrThrow(access.snapshot, object), access);
}

/**
 * Checks a mapping against the object's importable fields; every problem is reported at once with the
 * path of the mapping entry. Returns the columns bound to their fields.
 */
export function bindMapping(
  model: RestrictedModel,
  access: AccessContext,
  mapping: ColumnMapping[],
  matchFields: string[],
): BoundColumn[] {
  const fields = new Map(importableFields(model).map((f) => [f.apiName, f]));
  const issues: Array<{ field: string; code: string; params?: Record<string, string> }> = [];
  const used = new Set<string>();
  const columns: BoundColumn[] = [];
  mapping.forEach((entry, i) => {
    const field = fields.get(entry.field);
    if (!/^[A-Z]{1,3}$/.test(entry.column))
      issues.push({ field: `mapping.${i}.column`, code: "invalid_format", params: { format: "A–ZZZ" } });
    if (!field)
      issues.push({ field: `mapping.${i}.field`, code: "unknown_field", params: { name: entry.field } });
    else if (used.has(field.apiName))
      issues.push({ field: `mapping.${i}.field`, code: "duplicate_value", params: { value: field.apiName } });
    if (!field) return;
    used.add(field.apiName);
    let lookup = "";
    if (field.type === "relation") {
      const target = access.snapshot.objects.get(field.config.relation?.target ?? "");
      lookup = entry.lookup ?? target?.displayField ?? "";
      if (!target?.fields.some((f) => f.apiName === lookup && !f.hidden))
        issues.push({ field: `mapping.${i}.lookup`, code: "unknown_field", params: { name: lookup || "-" } });
    }
    columns.push({ index: columnIndexOf(entry.column), letter: entry.column, field, lookup });
  });
  for (const [i, name] of matchFields.entries()) {
    if (!used.has(name)) issues.push({ field: `match_fields.${i}`, code: "unknown_field", params: { name } });
  }
  if (issues.length)
    throw new KeduoError("IMPORT_INVALID_MAPPING", { params: { count: issues.length }, issues });
  return columns;
}
