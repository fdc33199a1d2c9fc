import {
  type FieldIssue,
  isValidApiName,
  KeduoError,
  type MetadataSnapshot,
  uuidv7,
  validateRolePermissions,
} from "@keduo/core";
import type { Schemas, Trx } from "../../db/database.ts";
import { compileFilter } from "../filter-sql/index.ts";
import { modelOrThrow } from "../metadata/index.ts";

// Roles and sharing rules as they travel between installations (bundles, ADR 0022): by API names and names,
// never by ids. Access owns their tables, so reading and writing them for a bundle happens here.

export interface PortableRole {
  apiName: string;
  labels: unknown;
  permissions: unknown;
}

/** A role's API name or a department's name: what names a grantee the same way in every installation. */
export type PortableGrantee = { role: string } | { department: string };

export interface PortableSharingRule {
  object: string;
  name: string;
  filter: unknown;
  /** A PortableGrantee when exported (null if it no longer exists); anything when read from a bundle. */
  grantee: unknown;
  access: unknown;
  include_subdepartments: unknown;
}

/** Every role but admin (every installation's own, holding every right by definition), by API name. */
export async function exportRoles(trx: Trx): Promise<PortableRole[]> {
  const rows = await trx
    .selectFrom("roles")
    .select(["api_name", "labels", "permissions"])
    .where("api_name", "<>", "admin")
    .orderBy("api_name")
    .execute();
  return rows.map((row) => ({ apiName: row.api_name, labels: row.labels, permissions: row.permissions }));
}

/** Creates or replaces a role by API name, after checking it as the roles API does (all problems at once). */
export async function putRole(trx: Trx, role: PortableRole, now: Date): Promise<void> {
  const issues: FieldIssue[] = [];
  if (!isValidApiName(role.apiName) || role.apiName === "admin")
    issues.push({ field: "api_name", code: "invalid_api_name" });
  const labels = role.labels as { en?: unknown; "zh-CN"?: unknown } | null;
  if (typeof labels?.en !== "string" || !labels.en || typeof labels["zh-CN"] !== "string" || !labels["zh-CN"])
    issues.push({ field: "labels", code: "required" });
  issues.push(...validateRolePermissions(role.permissions ?? {}));
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
  const values = { labels: JSON.stringify(role.labels), permissions: JSON.stringify(role.permissions ?? {}) };
  const updated = await trx.updateTable("roles").set(values).where("api_name", "=", role.apiName).execute();
  if (Number(updated[0]?.numUpdatedRows ?? 0) > 0) return;
  await trx
    .insertInto("roles")
    .values({ id: uuidv7(), api_name: role.apiName, is_system: false, created_at: now, ...values })
    .execute();
}

/** Every sharing rule by object and name, its grantee by name. */
export async function exportSharingRules(trx: Trx): Promise<PortableSharingRule[]> {
  const rows = await trx.selectFrom("sharing_rules").selectAll().orderBy("object").orderBy("name").execute();
  // Grantees by name from two small tables read once, not a query per rule.
  const roles = new Map(
    (await trx.selectFrom("roles").select(["id", "api_name"]).execute()).map((r) => [r.id, r.api_name]),
  );
  const departments = new Map(
    (await trx.selectFrom("departments").select(["id", "name"]).execute()).map((d) => [d.id, d.name]),
  );
  const granteeName = (kind: string, id: string): PortableGrantee | null => {
    const name = kind === "role" ? roles.get(id) : departments.get(id);
    if (name === undefined) return null;
    return kind === "role" ? { role: name } : { department: name };
  };
  return rows.map((row) => ({
    object: row.object,
    name: row.name,
    filter: row.filter,
    grantee: granteeName(row.grantee_kind, row.grantee_id),
    access: row.access,
    include_subdepartments: row.include_subdepartments,
  }));
}

/**
 * Creates or replaces a sharing rule by object and name: its criteria compiled against the object's fields
 * as they will run, its grantee found by name (an ambiguous department name names no one).
 */
export async function putSharingRule(
  trx: Trx,
  rule: PortableSharingRule,
  context: { snapshot: MetadataSnapshot; schemas: Schemas; today: string; timeZone: string; now: Date },
): Promise<void> {
  const model = modelOrThrow(context.snapshot, rule.object);
  compileFilter(rule.filter, { fields: model.queryable, alias: "t", ...context });
  const issues: FieldIssue[] = [];
  const target = await granteeId(trx, rule.grantee);
  if (!target)
    issues.push({
      field: "grantee",
      code: "invalid_reference",
      params: { value: JSON.stringify(rule.grantee) },
    });
  if (rule.access !== "read" && rule.access !== "edit")
    issues.push({ field: "access", code: "invalid_option", params: { value: String(rule.access) } });
  if (!rule.name || rule.name.length > 100)
    issues.push({ field: "name", code: "too_long", params: { max: 100 } });
  if (issues.length || !target) throw new KeduoError("VALIDATION_FAILED", { issues });
  const values = {
    filter: JSON.stringify(rule.filter),
    grantee_kind: target.kind,
    grantee_id: target.id,
    access: rule.access as "read" | "edit",
    include_subdepartments: rule.include_subdepartments !== false,
  };
  const updated = await trx
    .updateTable("sharing_rules")
    .set(values)
    .where("object", "=", rule.object)
    .where("name", "=", rule.name)
    .execute();
  if (Number(updated[0]?.numUpdatedRows ?? 0) > 0) return;
  await trx
    .insertInto("sharing_rules")
    .values({ id: uuidv7(), object: rule.object, name: rule.name, created_at: context.now, ...values })
    .execute();
}

async function granteeId(
  trx: Trx,
  grantee: unknown,
): Promise<{ kind: "role" | "department"; id: string } | null> {
  const named = (grantee ?? {}) as Partial<Record<"role" | "department", unknown>>;
  if (typeof named.role === "string") {
    const row = await trx
      .selectFrom("roles")
      .select("id")
      .where("api_name", "=", named.role)
      .executeTakeFirst();
    return row ? { kind: "role", id: row.id } : null;
  }
  if (typeof named.department === "string") {
    const rows = await trx
      .selectFrom("departments")
      .select("id")
      .where("name", "=", named.department)
      .execute();
    return rows.length === 1 && rows[0] ? { kind: "department", id: rows[0].id } : null;
  }
  return null;
}
