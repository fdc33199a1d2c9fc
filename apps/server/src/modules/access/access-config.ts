import type { RolePermissions } from "@keduo/core";
import type { Db, Trx } from "../../db/database.ts";

export interface RoleDefinition {
  id: string;
  apiName: string;
  permissions: RolePermissions;
}

export interface SharingRule {
  id: string;
  object: string;
  name: string;
  filter: unknown;
  granteeKind: "department" | "role";
  granteeId: string;
  includeSubdepartments: boolean;
  access: "read" | "edit";
}

/** Roles, sharing rules and the department tree, versioned with the metadata (they change rarely, read on every request). */
export interface AccessConfig {
  version: number;
  rolesByName: Map<string, RoleDefinition>;
  rules: SharingRule[];
  /** Department id → itself and every department above it. */
  departmentAncestry: Map<string, string[]>;
}

export async function loadAccessConfig(executor: Db | Trx, version: number): Promise<AccessConfig> {
  const [roles, rules, departments] = await Promise.all([
    executor.selectFrom("roles").select(["id", "api_name", "permissions"]).execute(),
    executor.selectFrom("sharing_rules").selectAll().orderBy("created_at").execute(),
    executor.selectFrom("departments").select(["id", "parent_id"]).execute(),
  ]);
  const parents = new Map(departments.map((d) => [d.id, d.parent_id]));
  const departmentAncestry = new Map<string, string[]>();
  for (const department of departments) {
    const chain: string[] = [];
    for (let id: string | null | undefined = department.id; id && !chain.includes(id); id = parents.get(id))
      chain.push(id);
    departmentAncestry.set(department.id, chain);
  }
  return {
    version,
    rolesByName: new Map(
      roles.map((r) => [
        r.api_name,
        { id: r.id, apiName: r.api_name, permissions: r.permissions as RolePermissions },
      ]),
    ),
    rules: rules.map((r) => ({
      id: r.id,
      object: r.object,
      name: r.name,
      filter: r.filter,
      granteeKind: r.grantee_kind,
      granteeId: r.grantee_id,
      includeSubdepartments: r.include_subdepartments,
      access: r.access,
    })),
    departmentAncestry,
  };
}
