import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createImportFixture, downloadBytes, readWorkbook, settle, upload } from "./import.test-support.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await createImportFixture(app.admin);
});
afterAll(() => app?.close());

const chunks = async (id: string) =>
  Number(
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.id(app.database.schemas.system, "import_file_chunks")}
        WHERE import_id = ${id}`.execute(app.database.db)
    ).rows[0]!.n,
  );

async function importCsv(csv: string) {
  const uploaded = await upload(app.admin, "account", "accounts.csv", Buffer.from(csv));
  expect(uploaded.status, uploaded.text).toBe(201);
  const id: string = uploaded.body.id;
  expect(await chunks(id)).toBeGreaterThan(0);
  const run = await app.admin.post(`/api/imports/${id}/run`, {
    sheet: "CSV",
    header_row: 1,
    mapping: [
      { column: "A", field: "name" },
      { column: "B", field: "email" },
    ],
  });
  expect(run.status, run.text).toBe(202);
  const done = await settle(app.admin, id);
  expect(done.status, JSON.stringify(done.failure)).toBe("completed");
  return id;
}

const report = async (id: string) =>
  readWorkbook(
    await downloadBytes(`${app.url}/api/imports/${id}/errors?phase=run&format=xlsx`, app.admin, "en"),
  );

describe("a finished import's stored file (ADR 0036)", () => {
  it("goes once no row had a problem; the empty report and undo still work", async () => {
    const id = await importCsv("客户名称,邮箱\n保留甲,a@example.com\n保留乙,b@example.com\n");
    expect(await chunks(id)).toBe(0);
    expect(await report(id)).toEqual([["客户名称", "邮箱", "Import problems"]]);
    const undo = await app.admin.post(`/api/imports/${id}/undo`);
    expect(undo.status, undo.text).toBe(202);
    expect((await settle(app.admin, id)).status).toBe("undone");
    const left = await app.admin.get("/api/records/account?limit=1000&fields=name");
    expect(left.status, left.text).toBe(200);
    const names = left.body.records.map((r: { name: string }) => r.name);
    expect(names).not.toContain("保留甲");
    expect(names).not.toContain("保留乙");
  });

  it("stays while a row failed: its report copies that row from the file", async () => {
    const id = await importCsv("客户名称,邮箱\n保留丙,c@example.com\n保留丁,not an email\n");
    expect(await chunks(id)).toBeGreaterThan(0);
    const rows = await report(id);
    expect(rows[0]).toEqual(["客户名称", "邮箱", "Import problems"]);
    expect(rows.slice(1).map((row) => row.slice(0, 2))).toEqual([["保留丁", "not an email"]]);
  });
});
