import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * An event's payload is stored as `json` (its text, checked) rather than `jsonb`. Nothing queries inside a
 * payload: the write stores it once and the relay hands it to consumers as it was written. `jsonb` cost both
 * ends — a bulk create of 1,000 records converted every payload to the binary form and the relay converted
 * each one back to text — for operators nothing uses (ADR 0017, session-11 amendment, has the figures).
 */
export const outboxPayloadJsonMigration: Migration = {
  id: 29,
  name: "outbox payload stored as json",
  async up(trx, schemas) {
    await sql`ALTER TABLE ${sql.id(schemas.system, "outbox")}
      ALTER COLUMN payload TYPE json USING payload::json`.execute(trx);
  },
};
