import { uuidv7 } from "@keduo/core";
import { sql } from "kysely";
import type { Migration } from "./migration.ts";

const ADMIN_PERMISSIONS = {
  system: {
    manage_metadata: true,
    manage_users: true,
    manage_sharing: true,
    view_audit_log: true,
    transfer_records: true,
    view_all_data: true,
    modify_all_data: true,
  },
};
// New users get this role unless told otherwise: they can work with records, within the sharing model.
const MEMBER_PERMISSIONS = { default_objects: { read: true, create: true, edit: true, delete: true } };

/**
 * Organisation (departments, managers), record-level sharing (org-wide defaults, rules, manual shares) and the
 * append-only audit log. The audit log's immutability is enforced by a trigger, because Keduo may connect as a
 * superuser (PGlite, trust auth) and privileges alone would prove nothing.
 */
export const accessControlMigration: Migration = {
  id: 3,
  name: "access control and audit",
  async up(trx, schemas) {
    const s = (table: string) => sql.id(schemas.system, table);
    const statements = [
      sql`CREATE TABLE ${s("departments")} (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        parent_id uuid REFERENCES ${s("departments")} (id) ON DELETE RESTRICT,
        position int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL)`,
      sql`ALTER TABLE ${s("users")}
        ADD COLUMN department_id uuid REFERENCES ${s("departments")} (id) ON DELETE SET NULL,
        ADD COLUMN manager_id uuid REFERENCES ${s("users")} (id) ON DELETE SET NULL`,
      sql`CREATE INDEX ${sql.id("users_department_idx")} ON ${s("users")} (department_id)`,
      // Closure of the manager hierarchy: "my team's records" is one indexed lookup, not a recursive query per row.
      sql`CREATE TABLE ${s("user_hierarchy")} (
        ancestor_id uuid NOT NULL REFERENCES ${s("users")} (id) ON DELETE CASCADE,
        descendant_id uuid NOT NULL REFERENCES ${s("users")} (id) ON DELETE CASCADE,
        depth int NOT NULL,
        PRIMARY KEY (ancestor_id, descendant_id))`,
      sql`ALTER TABLE ${s("objects")}
        ADD COLUMN sharing_default text NOT NULL DEFAULT 'public_read_write'
          CHECK (sharing_default IN ('private', 'public_read', 'public_read_write')),
        ADD COLUMN team_access text NOT NULL DEFAULT 'none' CHECK (team_access IN ('none', 'read', 'edit'))`,
      sql`CREATE TABLE ${s("sharing_rules")} (
        id uuid PRIMARY KEY,
        object text NOT NULL,
        name text NOT NULL,
        filter jsonb NOT NULL,
        grantee_kind text NOT NULL CHECK (grantee_kind IN ('department', 'role')),
        grantee_id uuid NOT NULL,
        include_subdepartments boolean NOT NULL DEFAULT true,
        access text NOT NULL CHECK (access IN ('read', 'edit')),
        created_at timestamptz NOT NULL)`,
      sql`CREATE TABLE ${s("record_shares")} (
        id uuid PRIMARY KEY,
        object text NOT NULL,
        record_id uuid NOT NULL,
        grantee_kind text NOT NULL CHECK (grantee_kind IN ('user', 'department', 'role')),
        grantee_id uuid NOT NULL,
        access text NOT NULL CHECK (access IN ('read', 'edit')),
        created_by uuid,
        created_at timestamptz NOT NULL,
        UNIQUE (object, record_id, grantee_kind, grantee_id))`,
      sql`CREATE INDEX ${sql.id("record_shares_grantee_idx")} ON ${s("record_shares")} (grantee_id, object, record_id)`,
      sql`CREATE TABLE ${s("audit_log")} (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_ip text,
        via text,
        action text NOT NULL,
        object text,
        record_id uuid,
        changes jsonb,
        details jsonb)`,
      sql`CREATE INDEX ${sql.id("audit_log_record_idx")} ON ${s("audit_log")} (object, record_id, id)`,
      sql`CREATE INDEX ${sql.id("audit_log_actor_idx")} ON ${s("audit_log")} (actor_id, id)`,
      sql`CREATE FUNCTION ${s("audit_log_append_only")}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          -- The one sanctioned exception: the documented PIPL redaction procedure (docs/audit.md) sets this
          -- for its own transaction and writes an audit row of its own.
          IF TG_OP = 'UPDATE' AND current_setting('keduo.audit_redaction', true) = 'on' THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
        END $$`,
      sql`CREATE TRIGGER ${sql.id("audit_log_append_only")} BEFORE UPDATE OR DELETE ON ${s("audit_log")}
        FOR EACH ROW EXECUTE FUNCTION ${s("audit_log_append_only")}()`,
      sql`CREATE TRIGGER ${sql.id("audit_log_no_truncate")} BEFORE TRUNCATE ON ${s("audit_log")}
        FOR EACH STATEMENT EXECUTE FUNCTION ${s("audit_log_append_only")}()`,
      sql`UPDATE ${s("roles")} SET permissions = ${JSON.stringify(ADMIN_PERMISSIONS)}::jsonb WHERE api_name = 'admin'`,
      sql`INSERT INTO ${s("roles")} (id, api_name, labels, is_system, permissions, created_at)
        SELECT ${uuidv7()}::uuid, 'member', ${JSON.stringify({ "zh-CN": "标准用户", en: "Member" })}::jsonb, true,
          ${JSON.stringify(MEMBER_PERMISSIONS)}::jsonb, min(applied_at)
        FROM ${s("migrations")} ON CONFLICT (api_name) DO NOTHING`,
    ];
    for (const statement of statements) await statement.execute(trx);
  },
};
