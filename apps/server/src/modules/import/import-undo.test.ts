import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpResponse } from "../../test/http-client.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createImportFixture, settle, upload } from "./import.test-support.ts";

let app: TestApp;
type Rec = Record<string, unknown>;

beforeAll(async () => {
  app = await startTestApp();
  await createImportFixture(app.admin);
});
afterAll(() => app?.close());

/** Every live (or recycled) account, as compared before and after: field values by name, no versions. */
async function accounts(options: { deleted?: boolean } = {}): Promise<Rec[]> {
  const all: Rec[] = [];
  let cursor: string | null = null;
  do {
    const query = `limit=1000&sort=name&fields=name,phone,email,revenue${options.deleted ? "&deleted=true" : ""}`;
    const response: HttpResponse = await app.admin.get(
      `/api/records/account?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(response.status, response.text).toBe(200);
    for (const r of response.body.records)
      all.push({ id: r.id, name: r.name, phone: r.phone, email: r.email, revenue: r.revenue });
    cursor = response.body.next_cursor;
  } while (cursor);
  return all;
}

async function bulkCreate(records: Rec[]) {
  for (let i = 0; i < records.length; i += 1000) {
    const response = await app.admin.post("/api/records/account/bulk", {
      records: records.slice(i, i + 1000),
    });
    expect(response.status, response.text).toBe(201);
  }
}

async function runImport(csv: string) {
  const id = (await upload(app.admin, "account", "accounts.csv", Buffer.from(csv))).body.id;
  const run = await app.admin.post(`/api/imports/${id}/run`, {
    sheet: "CSV",
    header_row: 1,
    mapping: [
      { column: "A", field: "name" },
      { column: "B", field: "phone" },
      { column: "C", field: "revenue" },
    ],
    duplicates: "update",
    match_fields: ["name"],
  });
  expect(run.status, run.text).toBe(202);
  const done = await settle(app.admin, id);
  expect(done.status, JSON.stringify(done.failure)).toBe("completed");
  return { id, done };
}

async function undo(id: string) {
  const started = await app.admin.post(`/api/imports/${id}/undo`);
  expect(started.status, started.text).toBe(202);
  const done = await settle(app.admin, id, 120_000);
  expect(done.status, JSON.stringify(done.failure)).toBe("undone");
  return { started: started.body, done };
}

describe("undo in groups", () => {
  it("undoes a 3,000-row import in a bounded number of statements and restores the listing exactly", async () => {
    await bulkCreate(
      Array.from({ length: 1000 }, (_, i) => ({
        name: `E${String(i).padStart(4, "0")}`,
        phone: `0${i}`.padEnd(6, "0"),
        revenue: { amount: `${i}.50`, currency: "USD" },
      })),
    );
    const before = await accounts();
    // 1,000 rows change the existing accounts and 2,000 create new ones, mixed in every batch.
    const lines = ["客户名称,电话,年收入"];
    for (let i = 0; i < 3000; i++) {
      const existing = i % 3 === 0;
      const name = existing ? `E${String(i / 3).padStart(4, "0")}` : `N${String(i).padStart(4, "0")}`;
      lines.push(`${name},1380000${String(i).padStart(4, "0")},${i}`);
    }
    const { id, done } = await runImport(lines.join("\n"));
    expect(done.counts).toEqual({ created: 2000, updated: 1000, skipped: 0, failed: 0 });
    app.queries.length = 0;
    const undone = await undo(id);
    // progress counts the logged changes as they are undone, not the import's rows all along
    expect(undone.started.progress.rows_total).toBe(3000);
    expect(undone.started.progress.rows_done).toBeLessThan(3000);
    expect(undone.done.progress).toEqual({ rows_total: 3000, rows_done: 3000 });
    // One records-service call per run of changes of one kind (authorize runs once per call): 3,000
    // changes in pages of 500 make a handful of runs, where per-record calls made 3,000. The service still
    // sends one UPDATE per restored record; everything else is a few statements per call and per page.
    const calls = app.queries.filter((q) => /AS readable/.test(q)).length;
    const rowUpdates = app.queries.filter((q) => /^UPDATE "[^"]+"\."account"/.test(q)).length;
    expect(calls).toBeLessThanOrEqual(12);
    expect(rowUpdates).toBe(1000);
    expect(app.queries.length - rowUpdates).toBeLessThan(200);
    expect(await accounts()).toEqual(before);
  });

  it("leaves a record deleted since the import alone and restores one changed since to its values before", async () => {
    await bulkCreate([
      { name: "U1", phone: "010-1" },
      { name: "U2", phone: "010-2" },
    ]);
    const csv = [
      "客户名称,电话,年收入",
      "U1,13900000001,1",
      "N-kept,13900000003,3",
      "N-gone,13900000004,4",
      "U2,13900000002,2",
    ];
    const { id } = await runImport(csv.join("\n"));
    const byName = Object.fromEntries((await accounts()).map((r) => [r.name, r]));
    // After the import: one created record goes to the recycle bin, one is removed for good, and U1 is
    // changed again by someone.
    expect((await app.admin.delete(`/api/records/account/${byName["N-kept"]!.id}`)).status).toBe(204);
    expect(
      (await app.admin.delete(`/api/records/account/${byName["N-gone"]!.id}?permanent=true`)).status,
    ).toBe(204);
    const changed = await app.admin.patch(`/api/records/account/${byName.U1!.id}`, { phone: "13911111111" });
    expect(changed.status, changed.text).toBe(200);
    await undo(id);
    const after = Object.fromEntries((await accounts()).map((r) => [r.name, r]));
    // the values before the import, the later change overwritten (it stays in the record's history)
    expect(after.U1).toMatchObject({ phone: "010-1", revenue: null });
    expect(after.U2).toMatchObject({ phone: "010-2", revenue: null });
    expect(after["N-kept"]).toBeUndefined();
    expect(after["N-gone"]).toBeUndefined();
    // the deleted one stays where its deleter put it: in the recycle bin, restorable
    expect((await accounts({ deleted: true })).map((r) => r.name)).toContain("N-kept");
  });
});
