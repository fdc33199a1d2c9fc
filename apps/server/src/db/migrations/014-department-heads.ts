import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * A department names its head (负责人): approvals and assignment rules route to "the head of the submitter's
 * department". A head who leaves (user deleted) leaves the department headless rather than blocking the delete.
 */
export const departmentHeadsMigration: Migration = {
  id: 14,
  name: "departments: head user",
  async up(trx, schemas) {
    const s = (table: string) => sql.id(schemas.system, table);
    await sql`ALTER TABLE ${s("departments")}
      ADD COLUMN head_user_id uuid REFERENCES ${s("users")} (id) ON DELETE SET NULL`.execute(trx);
    // Department trees are walked downwards (members with sub-departments): the parent link is looked up.
    await sql`CREATE INDEX ${sql.id("departments_parent_idx")} ON ${s("departments")} (parent_id)`.execute(
      trx,
    );
  },
};
