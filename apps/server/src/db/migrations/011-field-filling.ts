import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * A field whose derived column is being filled after its metadata change committed (ADR 0019: stored
 * formulas are backfilled in batches outside the metadata lock). `filling` is part of the definition (reads
 * compute the value meanwhile, filters and sorts on it are refused); `fill_cursor` is the last id a committed
 * batch filled, so a restarted server resumes there.
 */
export const fieldFillingMigration: Migration = {
  id: 11,
  name: "fields: filling state of derived columns",
  async up(trx, schemas) {
    await sql`ALTER TABLE ${sql.id(schemas.system, "fields")}
      ADD COLUMN filling boolean NOT NULL DEFAULT false,
      ADD COLUMN fill_cursor uuid`.execute(trx);
  },
};
