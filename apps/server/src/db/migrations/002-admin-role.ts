import { uuidv7 } from "@keduo/core";
import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * "Admin" is a role, not a flag on users: the access-control work adds more roles beside it. For now
 * only admins may change metadata and manage users.
 */
export const adminRoleMigration: Migration = {
  id: 2,
  name: "admin role",
  async up(trx, schemas) {
    const labels = JSON.stringify({ "zh-CN": "管理员", en: "Administrator" });
    // Migrations get no clock; the time the system tables were created (by the injected clock) stands in.
    await sql`INSERT INTO ${sql.id(schemas.system, "roles")} (id, api_name, labels, is_system, permissions, created_at)
      SELECT ${uuidv7()}::uuid, 'admin', ${labels}::jsonb, true, '{}'::jsonb, min(applied_at)
      FROM ${sql.id(schemas.system, "migrations")}
      ON CONFLICT (api_name) DO NOTHING`.execute(trx);
  },
};
