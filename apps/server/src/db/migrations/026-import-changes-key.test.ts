import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemTableIndexes } from "../../test/table-indexes.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { importChangesKeyMigration } from "./026-import-changes-key.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/** The change log's indexes: name, whether it is the key, and its definition's columns. */
const indexes = () => systemTableIndexes(app, "import_changes");

describe("migration 026: the import change log keyed by import", () => {
  it("has one index, the key (import_id, id)", async () => {
    expect(await indexes()).toEqual([
      { name: "import_changes_pkey", primary: true, columns: "import_id, id" },
    ]);
  });

  it("turns the earlier layout into it", async () => {
    const { system } = app.database.schemas;
    const t = sql.id(system, "import_changes");
    await app.database.db.transaction().execute(async (trx) => {
      // The layout of migration 009.
      await sql`ALTER TABLE ${t} DROP CONSTRAINT import_changes_pkey`.execute(trx);
      await sql`ALTER TABLE ${t} ADD PRIMARY KEY (id)`.execute(trx);
      await sql`CREATE INDEX import_changes_import ON ${t} (import_id, id)`.execute(trx);
    });
    expect((await indexes()).map((index) => index.name)).toEqual([
      "import_changes_import",
      "import_changes_pkey",
    ]);
    await app.database.db
      .transaction()
      .execute((trx) => importChangesKeyMigration.up(trx, app.database.schemas));
    expect(await indexes()).toEqual([
      { name: "import_changes_pkey", primary: true, columns: "import_id, id" },
    ]);
  });
});
