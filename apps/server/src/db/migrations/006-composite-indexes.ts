import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/** Objects declare composite indexes (e.g. region + amount) for the filter and sort pairs used most. */
export const compositeIndexesMigration: Migration = {
  id: 6,
  name: "composite indexes on objects",
  async up(trx, schemas) {
    await sql`ALTER TABLE ${sql.id(schemas.system, "objects")} ADD COLUMN indexes jsonb NOT NULL DEFAULT '[]'`.execute(
      trx,
    );
  },
};
