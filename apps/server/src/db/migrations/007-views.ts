import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Saved list views and each user's last-used view per object. Views are per-user settings, not definitions
 * versioned with the metadata: saving one must not bump meta_version and reload every instance's cache.
 * `owner_id` null means shared. `object` is the object's API name (stable); a view of a deleted object goes
 * with the object (a metadata guard), and field references are checked when a view is served, not by FKs.
 */
export const viewsMigration: Migration = {
  id: 7,
  name: "list views",
  async up(trx, schemas) {
    const s = (table: string) => sql.id(schemas.system, table);
    await sql`CREATE TABLE ${s("list_views")} (
      id uuid PRIMARY KEY,
      object text NOT NULL,
      name text NOT NULL,
      owner_id uuid REFERENCES ${s("users")} (id) ON DELETE CASCADE,
      definition jsonb NOT NULL,
      version integer NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`.execute(trx);
    // One name per owner (shared views count as one owner): the switcher lists views by name.
    await sql`CREATE UNIQUE INDEX ${sql.id("list_views_name_key")} ON ${s("list_views")}
      (object, COALESCE(owner_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`.execute(trx);
    await sql`CREATE TABLE ${s("list_view_choices")} (
      user_id uuid NOT NULL REFERENCES ${s("users")} (id) ON DELETE CASCADE,
      object text NOT NULL,
      view_id uuid REFERENCES ${s("list_views")} (id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, object))`.execute(trx);
  },
};
