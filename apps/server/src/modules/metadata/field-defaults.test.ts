import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

let app: TestApp;
const ids: string[] = [];
beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "account", "客户", "Account");
  await addField(app.admin, "account", { api_name: "name", type: "text", required: true });
  for (const name of ["甲", "乙", "丙"])
    ids.push((await app.admin.post("/api/records/account", { name })).body.id);
  expect((await app.admin.delete(`/api/records/account/${ids[2]}`)).status).toBe(204);
});
afterAll(() => app?.close());

// Quotes, a backslash and a dollar-quote: a value inlined into DDL would break on them or worse.
const TRICKY = `it's "引号" \\ $$; DROP TABLE account; --`;

const FIELDS = [
  { api_name: "note", type: "text", default: TRICKY },
  { api_name: "status_note", type: "text", required: true, default: "正常" },
  { api_name: "story", type: "long_text", default: "第一行\n第二行" },
  { api_name: "seats", type: "number", default: 42 },
  { api_name: "ratio", type: "number", config: { scale: 2 }, default: 0.25 },
  { api_name: "budget", type: "currency", default: { amount: "1234.50", currency: "USD" } },
  { api_name: "since", type: "date", default: "2026-01-31" },
  { api_name: "vip", type: "boolean", default: false },
  { api_name: "active", type: "boolean", default: true },
  {
    api_name: "stage",
    type: "single_select",
    config: { options: [{ value: "new", labels: label("新建", "New") }] },
    default: "new",
  },
  {
    api_name: "tags",
    type: "multi_select",
    config: {
      options: [
        { value: "a", labels: label("甲", "A") },
        { value: "b_c", labels: label("乙丙", "B C") },
      ],
    },
    default: ["a", "b_c"],
  },
  { api_name: "mail", type: "email", default: "sales@example.cn" },
];

const EXPECTED: Record<string, unknown> = {
  note: TRICKY,
  status_note: "正常",
  story: "第一行\n第二行",
  seats: 42,
  ratio: 0.25,
  budget: { amount: "1234.50", currency: "USD" },
  since: "2026-01-31",
  vip: false,
  active: true,
  stage: "new",
  tags: ["a", "b_c"],
  mail: "sales@example.cn",
};

/** Where each row's current version lives and which transaction wrote it: an UPDATE changes both. */
async function rowVersions() {
  const { rows } = await sql<{ id: string; version: string }>`
    SELECT id, ctid::text || '/' || xmin::text AS version
    FROM ${sql.id(app.database.schemas.workspace, "account")} ORDER BY id`.execute(app.database.db);
  return rows;
}

describe("a new field's default and the records already there", () => {
  let before: Awaited<ReturnType<typeof rowVersions>>;
  beforeAll(async () => {
    before = await rowVersions();
    for (const field of FIELDS)
      await addField(app.admin, "account", { labels: label(field.api_name, field.api_name), ...field });
  });

  it("does not write the existing rows (PostgreSQL keeps the value in the catalog)", async () => {
    expect(await rowVersions()).toEqual(before);
  });

  it("gives every existing record the default, deleted ones included", async () => {
    const live = (await app.admin.get(`/api/records/account/${ids[0]}`)).body;
    expect(live).toMatchObject(EXPECTED);
    const restored = await app.admin.post(`/api/records/account/${ids[2]}/restore`);
    expect(restored.status, restored.text).toBe(200);
    expect((await app.admin.get(`/api/records/account/${ids[2]}`)).body).toMatchObject(EXPECTED);
  });

  it("leaves no default on the columns: a record written later without a value stores none", async () => {
    const { rows } = await sql<{ column_name: string; column_default: string | null }>`
      SELECT column_name, column_default FROM information_schema.columns
      WHERE table_schema = ${app.database.schemas.workspace} AND table_name = 'account'`.execute(
      app.database.db,
    );
    expect(rows.filter((row) => row.column_default !== null).map((row) => row.column_name)).toEqual([
      "version",
    ]);
    const created = await app.admin.post("/api/records/account", {
      name: "丁",
      status_note: "新",
      note: null,
      seats: null,
      vip: null,
      tags: [],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ note: null, seats: null, vip: null, tags: [] });
  });

  it("keeps the value out of the DDL it logs and out of the session after the change", async () => {
    const { changes } = (await app.admin.get("/api/meta/schema-changes?limit=100")).body;
    const statements = changes.flatMap((c: { statements: string[] }) => c.statements).join("\n");
    expect(statements).toContain('ADD COLUMN "note" text DEFAULT');
    expect(statements).not.toContain("引号");
    expect(statements).not.toContain("1234.50");
    const { rows } = await sql<{ value: string | null }>`
      SELECT current_setting('keduo.existing_rows_value', true) AS value`.execute(app.database.db);
    expect(rows[0]?.value ?? "").toBe("");
  });

  it("still refuses a unique field whose default every existing record would share", async () => {
    const response = await app.admin.post("/api/meta/objects/account/fields", {
      api_name: "code",
      type: "text",
      unique: true,
      default: "X",
      labels: label("编号", "Code"),
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("FIELD_CHANGE_REFUSED");
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.columns
      WHERE table_schema = ${app.database.schemas.workspace} AND table_name = 'account' AND column_name = 'code'`.execute(
      app.database.db,
    );
    expect(rows[0]?.n).toBe(0);
  });
});
