import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * People are found by name, pinyin and initials (`zs`, `zhang` find 张三): the keys are computed in the app
 * (pinyin-pro) when a name is written; NULL means not computed yet, and the server fills those at start.
 */
export const userSearchKeysMigration: Migration = {
  id: 16,
  name: "users: search keys",
  async up(trx, schemas) {
    await sql`ALTER TABLE ${sql.id(schemas.system, "users")} ADD COLUMN search_keys text`.execute(trx);
  },
};
