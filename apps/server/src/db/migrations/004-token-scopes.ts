import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/** API tokens carry scopes: a "read" token can read everything its user can, and change nothing. */
export const tokenScopesMigration: Migration = {
  id: 4,
  name: "api token scopes",
  async up(trx, schemas) {
    await sql`ALTER TABLE ${sql.id(schemas.system, "api_tokens")}
      ADD COLUMN scopes text[] NOT NULL DEFAULT '{read,write}'`.execute(trx);
  },
};
