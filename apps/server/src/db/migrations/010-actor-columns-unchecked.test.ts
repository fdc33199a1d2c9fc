import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { actorColumnsUncheckedMigration } from "./010-actor-columns-unchecked.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/** The columns of the object's table that a foreign key checks. */
async function checkedColumns(table: string): Promise<string[]> {
  const { rows } = await sql<{ column: string }>`
    SELECT a.attname AS column FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f' AND n.nspname = ${app.database.schemas.workspace} AND t.relname = ${table}
    ORDER BY 1`.execute(app.database.db);
  return rows.map((r) => r.column);
}

describe("migration 010: created_by / updated_by unchecked", () => {
  it("new object tables check owner and relations, not the actor columns", async () => {
    await createObject(app.admin, "visit", "拜访", "Visit");
    await addField(app.admin, "visit", { api_name: "title", type: "text", labels: label("标题", "Title") });
    expect(await checkedColumns("visit")).toEqual(["owner_id"]);
  });

  it("drops the two keys from tables made before it, keeps every other key and the data", async () => {
    const { workspace, system } = app.database.schemas;
    const table = sql.id(workspace, "legacy_deal");
    const users = sql.id(system, "users");
    await sql`CREATE TABLE ${table} (id uuid PRIMARY KEY,
      created_by uuid REFERENCES ${users} (id), updated_by uuid REFERENCES ${users} (id),
      owner_id uuid REFERENCES ${users} (id), visit uuid REFERENCES ${sql.id(workspace, "visit")} (id))`.execute(
      app.database.db,
    );
    const admin = (await app.admin.get("/api/auth/me")).body.user.id as string;
    await sql`INSERT INTO ${table} VALUES (gen_random_uuid(), ${admin}, ${admin}, ${admin}, NULL)`.execute(
      app.database.db,
    );
    expect(await checkedColumns("legacy_deal")).toEqual(["created_by", "owner_id", "updated_by", "visit"]);
    await app.database.db
      .transaction()
      .execute((trx) => actorColumnsUncheckedMigration.up(trx, app.database.schemas));
    expect(await checkedColumns("legacy_deal")).toEqual(["owner_id", "visit"]);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table}
      WHERE created_by = ${admin}`.execute(app.database.db);
    expect(rows[0]?.n).toBe(1);
    await sql`DROP TABLE ${table}`.execute(app.database.db);
  });
});
