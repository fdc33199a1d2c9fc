import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * What each bundle installed (ADR 0022): one row per bundle with the version last applied, and one row per
 * item with two checksums — of the item as the bundle gave it (`source_checksum`, to see whether a newer
 * version changed it) and of the item as the installation held it right after the apply
 * (`installed_checksum`, to see whether an admin changed it since). Items are named by kind and API-name key,
 * never by id, like the bundle files.
 */
export const bundleInstallsMigration: Migration = {
  id: 15,
  name: "bundle installs",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`CREATE TABLE ${t("bundle_installs")} (
      bundle text PRIMARY KEY,
      version text NOT NULL,
      applied_at timestamptz NOT NULL,
      applied_by uuid,
      meta_version bigint NOT NULL)`.execute(trx);
    await sql`CREATE TABLE ${t("bundle_items")} (
      bundle text NOT NULL REFERENCES ${t("bundle_installs")} (bundle) ON DELETE CASCADE,
      kind text NOT NULL,
      key text NOT NULL,
      source_checksum text NOT NULL,
      installed_checksum text NOT NULL,
      installed_version text NOT NULL,
      PRIMARY KEY (bundle, kind, key))`.execute(trx);
  },
};
