import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/test-app.ts";

// Transactions through Kysely send their `begin` with the first statement (deferred-begin.ts): they must
// behave exactly as if it had been sent on its own, on both engines.
describe("transactions whose begin travels with the first statement", () => {
  let app: TestApp;
  let probe: ReturnType<typeof sql.id>;
  beforeAll(async () => {
    app = await startTestApp();
    probe = sql.id(app.database.schemas.system, "deferred_begin_probe");
    await sql`CREATE TABLE ${probe} (n int)`.execute(app.database.db);
  });
  afterAll(() => app?.close());

  const txid = sql<{ id: string }>`SELECT txid_current()::text AS id`;

  it("runs a first statement without parameters inside the transaction", async () => {
    const [first, second] = await app.database.db.transaction().execute(async (trx) => {
      const a = await txid.execute(trx);
      const b = await txid.execute(trx);
      return [a.rows[0]!.id, b.rows[0]!.id];
    });
    expect(second).toBe(first);
  });

  it("runs a first statement with parameters inside the transaction", async () => {
    const [first, second] = await app.database.db.transaction().execute(async (trx) => {
      const a = await sql<{ id: string }>`SELECT txid_current()::text AS id, ${1}::int AS n`.execute(trx);
      const b = await txid.execute(trx);
      return [a.rows[0]!.id, b.rows[0]!.id];
    });
    expect(second).toBe(first);
  });

  it("rolls back what the first statement wrote when the transaction fails", async () => {
    await expect(
      app.database.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO ${probe} VALUES (1)`.execute(trx);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${probe}`.execute(
      app.database.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("leaves no transaction open after one that sent nothing, or whose first statement failed", async () => {
    await app.database.db.transaction().execute(async () => {});
    await expect(
      app.database.db.transaction().execute((trx) => sql`SELECT 1 / 0`.execute(trx)),
    ).rejects.toThrow(/division by zero/);
    // Outside a transaction every statement has its own transaction id.
    const a = await txid.execute(app.database.db);
    const b = await txid.execute(app.database.db);
    expect(b.rows[0]!.id).not.toBe(a.rows[0]!.id);
  });
});
