import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";
import { createImportFixture, settle, upload } from "./import.test-support.ts";
import { IMPORT_UNDO_RETENTION_QUEUE } from "./undo-retention.ts";

const DAY = 86_400_000;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { KEDUO_IMPORT_UNDO_DAYS: "7" } });
  await createImportFixture(app.admin);
});
afterAll(() => app?.close());

const loggedChanges = async (id: string) =>
  (
    await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${sql.id(app.database.schemas.system, "import_changes")}
      WHERE import_id = ${id}`.execute(app.database.db)
  ).rows[0]!.n;

async function importAccounts(names: string[]) {
  const csv = `客户名称\n${names.join("\n")}\n`;
  const uploaded = await upload(app.admin, "account", "accounts.csv", Buffer.from(csv));
  expect(uploaded.status, uploaded.text).toBe(201);
  const id: string = uploaded.body.id;
  const run = await app.admin.post(`/api/imports/${id}/run`, {
    sheet: "CSV",
    header_row: 1,
    mapping: [{ column: "A", field: "name" }],
  });
  expect(run.status, run.text).toBe(202);
  const done = await settle(app.admin, id);
  expect(done.status, JSON.stringify(done.failure)).toBe("completed");
  return { id, finishedAt: new Date(done.finished_at), undoUntil: done.undo_until as string };
}

const accountNames = async () =>
  (await app.admin.get("/api/records/account?limit=1000&fields=name")).body.records.map(
    (r: { name: string }) => r.name,
  );

describe("an import's undo log is kept for KEDUO_IMPORT_UNDO_DAYS", () => {
  it("answers the deadline, then the hourly job deletes the log and undo is refused; a younger import still undoes", async () => {
    const older = await importAccounts(["期限甲", "期限乙"]);
    expect(older.undoUntil).toBe(new Date(older.finishedAt.getTime() + 7 * DAY).toISOString());
    expect(await loggedChanges(older.id)).toBe(2);

    app.clock.set(new Date(app.clock.now().getTime() + 3 * DAY));
    const younger = await importAccounts(["期限丙"]);

    app.clock.set(new Date(older.finishedAt.getTime() + 7 * DAY + 60_000));
    await app.server.jobs.send(IMPORT_UNDO_RETENTION_QUEUE, {});
    await until("the older import's undo log is pruned", async () => (await loggedChanges(older.id)) === 0);
    // The younger import (4 days old by now) keeps its log.
    expect(await loggedChanges(younger.id)).toBe(1);

    const refused = await app.admin.post(`/api/imports/${older.id}/undo`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("IMPORT_UNDO_EXPIRED");
    expect(refused.body.detail).toBe(
      "An import can be undone for 7 days after it completed; that ended at 2026-03-22.",
    );
    const inChinese = await app.admin.post(`/api/imports/${older.id}/undo`, undefined, {
      "accept-language": "zh-CN",
    });
    expect(inChinese.body.detail).toBe("导入完成 7 天内可以撤销，撤销期限已于 2026-03-22 结束。");
    const view = await app.admin.get(`/api/imports/${older.id}`);
    expect(view.body.status).toBe("completed");
    expect(view.body.undo_until).toBe(older.undoUntil);
    expect(await accountNames()).toEqual(expect.arrayContaining(["期限甲", "期限乙", "期限丙"]));

    const undo = await app.admin.post(`/api/imports/${younger.id}/undo`);
    expect(undo.status, undo.text).toBe(202);
    const undone = await settle(app.admin, younger.id);
    expect(undone.status).toBe("undone");
    expect(undone.undo_until).toBeNull();
    const left = await accountNames();
    expect(left).not.toContain("期限丙");
    expect(left).toEqual(expect.arrayContaining(["期限甲", "期限乙"]));
  });
});
