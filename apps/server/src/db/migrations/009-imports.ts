import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Imports (modules/import): one row per uploaded file and its run, the file's bytes in 1 MiB chunks (no
 * single huge bytea value), the per-row problems of the dry run and the run, the undo log (one row per
 * record the run created or changed, with the changed fields' values before), and the last mapping per
 * object so the next import of the same object starts from it.
 */
export const importsMigration: Migration = {
  id: 9,
  name: "imports",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`CREATE TABLE ${t("import_runs")} (
      id uuid PRIMARY KEY,
      object text NOT NULL,
      file_name text NOT NULL,
      format text NOT NULL,
      size bigint NOT NULL,
      encoding text,
      sheets jsonb NOT NULL,
      settings jsonb,
      status text NOT NULL,
      rows_total int NOT NULL DEFAULT 0,
      rows_done int NOT NULL DEFAULT 0,
      checkpoint_row int NOT NULL DEFAULT 0,
      counts jsonb NOT NULL DEFAULT '{}',
      dry_counts jsonb,
      failure jsonb,
      lease_owner text,
      lease_until timestamptz,
      locale text NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      finished_at timestamptz)`.execute(trx);
    await sql`CREATE INDEX import_runs_status ON ${t("import_runs")} (status)`.execute(trx);
    await sql`CREATE TABLE ${t("import_file_chunks")} (
      import_id uuid NOT NULL REFERENCES ${t("import_runs")} (id) ON DELETE CASCADE,
      seq int NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (import_id, seq))`.execute(trx);
    await sql`CREATE TABLE ${t("import_row_errors")} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      import_id uuid NOT NULL REFERENCES ${t("import_runs")} (id) ON DELETE CASCADE,
      phase text NOT NULL,
      row_number int NOT NULL,
      column_name text,
      value text,
      code text NOT NULL,
      params jsonb)`.execute(trx);
    await sql`CREATE INDEX import_row_errors_import ON ${t("import_row_errors")} (import_id, phase, row_number)`.execute(
      trx,
    );
    await sql`CREATE TABLE ${t("import_changes")} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      import_id uuid NOT NULL REFERENCES ${t("import_runs")} (id) ON DELETE CASCADE,
      record_id uuid NOT NULL,
      action text NOT NULL,
      before jsonb)`.execute(trx);
    await sql`CREATE INDEX import_changes_import ON ${t("import_changes")} (import_id, id)`.execute(trx);
    await sql`CREATE TABLE ${t("import_mappings")} (
      object text PRIMARY KEY,
      mapping jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid)`.execute(trx);
  },
};
