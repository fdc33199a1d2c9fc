import {
  type Clock,
  isValidApiName,
  KeduoError,
  type RolePermissions,
  type Translatable,
  uuidv7,
  validateRolePermissions,
} from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import { apiNameFromLabels, type MetadataService } from "../metadata/index.ts";
import { type Actor, auditChange } from "./org-change.ts";

export interface RoleInput {
  /** Made from the label when left out (销售代表 → xiao_shou_dai_biao). */
  api_name?: string;
  labels: Partial<Translatable>;
  permissions?: RolePermissions;
}

export interface Role {
  id: string;
  api_name: string;
  labels: unknown;
  is_system: boolean;
  permissions: unknown;
}

/** A role's labels in both languages: the one given stands for the other. */
function bothLabels(labels: Partial<Translatable> | undefined): Translatable {
  const [zh, en] = [labels?.["zh-CN"]?.trim() ?? "", labels?.en?.trim() ?? ""];
  if (!zh && !en)
    throw new KeduoError("VALIDATION_FAILED", { issues: [{ field: "labels.zh-CN", code: "required" }] });
  return { "zh-CN": zh || en, en: en || zh };
}

function assertValidPermissions(permissions: unknown) {
  const issues = validateRolePermissions(permissions ?? {});
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
}

/**
 * Roles and their permissions. They are versioned with the metadata: a change reaches every instance
 * before its next request. The admin role keeps every right; system roles cannot be deleted.
 */
export class RolesService {
  private readonly deps: { database: Database; metadata: MetadataService; clock: Clock };

  constructor(deps: RolesService["deps"]) {
    this.deps = deps;
  }

  async list(): Promise<Role[]> {
    const rows = await this.deps.database.db.selectFrom("roles").selectAll().orderBy("api_name").execute();
    return rows.map((r) => ({
      id: r.id,
      api_name: r.api_name,
      labels: r.labels,
      is_system: r.is_system,
      permissions: r.permissions,
    }));
  }

  async create(input: RoleInput, actor: Actor): Promise<Role> {
    const { permissions = {} } = input;
    const labels = bothLabels(input.labels);
    if (input.api_name !== undefined && !isValidApiName(input.api_name))
      throw new KeduoError("VALIDATION_FAILED", {
        issues: [{ field: "api_name", code: "invalid_api_name" }],
      });
    assertValidPermissions(permissions);
    const id = uuidv7();
    const { metadata, clock } = this.deps;
    let api_name = input.api_name ?? "";
    await metadata.changeVersioned("create role", actor.userId, async ({ trx }) => {
      if (!api_name) {
        const taken = await trx.selectFrom("roles").select("api_name").execute();
        api_name = apiNameFromLabels(labels, "object", new Set(taken.map((r) => r.api_name)));
      }
      const exists = await trx
        .selectFrom("roles")
        .select("id")
        .where("api_name", "=", api_name)
        .executeTakeFirst();
      if (exists) throw new KeduoError("ROLE_NAME_TAKEN", { params: { role: api_name } });
      await trx
        .insertInto("roles")
        .values({
          id,
          api_name,
          labels: JSON.stringify(labels),
          is_system: false,
          permissions: JSON.stringify(permissions),
          created_at: clock.now(),
        })
        .execute();
      await auditChange(trx, clock, actor, {
        action: "permission.role.create",
        details: { role: api_name, permissions },
      });
    });
    return { id, api_name, labels, is_system: false, permissions };
  }

  async update(role: string, input: Partial<Omit<RoleInput, "api_name">>, actor: Actor): Promise<Role> {
    if (input.permissions !== undefined) assertValidPermissions(input.permissions);
    const { metadata, clock } = this.deps;
    return metadata.changeVersioned(`update role ${role}`, actor.userId, async ({ trx }) => {
      const before = await findOrThrow(trx, role);
      // The admin role must keep every right, or the last way to fix permissions could be locked out.
      if (before.api_name === "admin" && input.permissions !== undefined) {
        throw new KeduoError("SYSTEM_ROLE_PROTECTED", { params: { role } });
      }
      const labels = input.labels ? bothLabels(input.labels) : before.labels;
      const permissions = input.permissions ?? before.permissions;
      await trx
        .updateTable("roles")
        .set({ labels: JSON.stringify(labels), permissions: JSON.stringify(permissions) })
        .where("id", "=", before.id)
        .execute();
      await auditChange(trx, clock, actor, {
        action: "permission.role.update",
        details: { role, before: before.permissions, after: permissions },
      });
      return { id: before.id, api_name: role, labels, is_system: before.is_system, permissions };
    });
  }

  /** Deletes a role no user holds; system roles stay. */
  async remove(role: string, actor: Actor): Promise<void> {
    const { metadata, clock } = this.deps;
    await metadata.changeVersioned(`delete role ${role}`, actor.userId, async ({ trx }) => {
      const before = await findOrThrow(trx, role);
      if (before.is_system) throw new KeduoError("SYSTEM_ROLE_PROTECTED", { params: { role } });
      const holders = await trx
        .selectFrom("user_roles")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("role_id", "=", before.id)
        .executeTakeFirstOrThrow();
      if (Number(holders.n) > 0)
        throw new KeduoError("ROLE_IN_USE", { params: { role, count: Number(holders.n) } });
      await trx.deleteFrom("roles").where("id", "=", before.id).execute();
      await auditChange(trx, clock, actor, { action: "permission.role.delete", details: { role } });
    });
  }
}

async function findOrThrow(trx: Trx, role: string) {
  const found = await trx.selectFrom("roles").selectAll().where("api_name", "=", role).executeTakeFirst();
  if (!found) throw new KeduoError("ROLE_NOT_FOUND", { params: { role } });
  return found;
}
