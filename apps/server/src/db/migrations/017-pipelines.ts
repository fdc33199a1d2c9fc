import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Pipelines (ADR 0026): definitions versioned with the metadata like validation rules (`object` is the
 * object's API name; the stages live in `definition`), and each record's stays in its stages, kept in SQL so
 * reports can sum time in stage. The open stay of a record is found through a partial index.
 */
export const pipelinesMigration: Migration = {
  id: 17,
  name: "pipelines and stage history",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`CREATE TABLE ${t("pipelines")} (
      id uuid PRIMARY KEY,
      object text NOT NULL,
      api_name text NOT NULL,
      labels jsonb NOT NULL,
      stage_field text NOT NULL,
      pipeline_field text,
      is_default boolean NOT NULL DEFAULT false,
      position int NOT NULL,
      stages jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (object, api_name))`.execute(trx);
    await sql`CREATE TABLE ${t("stage_history")} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      object text NOT NULL,
      record_id uuid NOT NULL,
      pipeline text NOT NULL,
      stage text NOT NULL,
      entered_at timestamptz NOT NULL,
      entered_by uuid,
      left_at timestamptz,
      left_by uuid)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("stage_history_record")} ON ${t("stage_history")}
      (object, record_id, entered_at)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("stage_history_open")} ON ${t("stage_history")} (object, record_id)
      WHERE left_at IS NULL`.execute(trx);
  },
};
