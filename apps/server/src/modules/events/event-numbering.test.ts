import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";
import type { DomainEvent } from "./index.ts";

/*
 * The relay numbers events by snapshot (migration 030): the events visible now and not at the last numbering.
 * These cases are the ones "greater than the last id seen" gets wrong, and the one a restore brings.
 */
let app: TestApp;
const received: DomainEvent[] = [];

beforeAll(async () => {
  app = await startTestApp({
    register: (registry) =>
      registry.events.subscribe("test.numbering", async (events) => void received.push(...events)),
  });
  await createObject(app.admin, "ticket");
  await addField(app.admin, "ticket", { api_name: "name", type: "text" });
});
afterAll(() => app?.close());

const receivedFor = (recordId: string) => received.filter((e) => e.recordId === recordId);

async function relayState() {
  const { rows } = await sql<{ xmax: string }>`SELECT pg_snapshot_xmax(r.numbered_snapshot)::text AS xmax
    FROM ${sql.id(app.database.schemas.system, "event_relay")} r WHERE r.id = 1`.execute(app.database.db);
  return rows[0]!;
}

describe("numbering events by snapshot", () => {
  it.runIf(testEngine === "postgres")(
    "delivers an event whose transaction commits after a later event was numbered and delivered",
    async () => {
      const slow = await app.database.pool.connect();
      const outbox = `"${app.database.schemas.system}"."outbox"`;
      const slowRecord = "0190a1b2-c3d4-7e5f-8a9b-000000000001";
      try {
        // The slow transaction takes the lower id, then waits.
        await slow.query("BEGIN");
        const { rows } = await slow.query<{ id: string }>(
          `INSERT INTO ${outbox} (event_type, object, record_id, payload, created_at)
           VALUES ('record.created', 'ticket', $1, '{"version": 1, "record": {"name": "slow"}}', now()) RETURNING id`,
          [slowRecord],
        );
        const slowId = Number(rows[0]!.id);
        const fast = await app.admin.post("/api/records/ticket", { name: "fast" });
        expect(fast.status).toBe(201);
        await until("the later event to be delivered", () => receivedFor(fast.body.id).length === 1);
        const [fastEvent] = receivedFor(fast.body.id);
        expect(fastEvent!.id).toBeGreaterThan(slowId);
        expect(receivedFor(slowRecord)).toEqual([]);

        await slow.query("COMMIT");
        await until(
          "the earlier id to be delivered once it committed",
          () => receivedFor(slowRecord).length === 1,
        );
        const [slowEvent] = receivedFor(slowRecord);
        expect(slowEvent!.id).toBe(slowId);
        expect(slowEvent!.seq).toBeGreaterThan(fastEvent!.seq);
        expect(slowEvent!.payload).toEqual({ version: 1, record: { name: "slow" } });
      } finally {
        await slow.query("ROLLBACK").catch(() => {});
        slow.release();
      }
    },
  );

  it("never numbers a rolled-back event", async () => {
    const before = received.length;
    const outbox = sql.id(app.database.schemas.system, "outbox");
    await app.database.db
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO ${outbox} (event_type, object, record_id, payload, created_at)
          VALUES ('record.created', 'ticket', gen_random_uuid(), '{"version": 1}', now())`.execute(trx);
        throw new Error("roll back");
      })
      .catch(() => {});
    const after = await app.admin.post("/api/records/ticket", { name: "after the rollback" });
    await until("the next event", () => receivedFor(after.body.id).length === 1);
    expect(received.slice(before).map((e) => e.recordId)).toEqual([after.body.id]);
  });

  it("after a restore into a cluster whose transaction ids are behind the backup's, still numbers every event once", async () => {
    const first = await app.admin.post("/api/records/ticket", { name: "before the restore" });
    await until("the first event", () => receivedFor(first.body.id).length === 1);
    const system = (name: string) => sql.id(app.database.schemas.system, name);
    const restored = ["0190a1b2-c3d4-7e5f-8a9b-0000000000a1", "0190a1b2-c3d4-7e5f-8a9b-0000000000a2"];
    const before = await relayState();
    // What such a restore leaves, in one transaction so the relay cannot number in between: the last
    // numbering's snapshot and a numbered event's transaction id lie ahead of this cluster's, and events
    // written since carry ids below that snapshot (without the repair they would pass for numbered).
    await app.database.db.transaction().execute(async (trx) => {
      const ahead = sql`(pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000000)`;
      await sql`UPDATE ${system("event_relay")}
        SET numbered_snapshot = (${ahead}::text || ':' || ${ahead}::text || ':')::pg_snapshot WHERE id = 1`.execute(
        trx,
      );
      await sql`UPDATE ${system("outbox")} SET txid = (${ahead}::text)::xid8 WHERE record_id = ${first.body.id}`.execute(
        trx,
      );
      await sql`INSERT INTO ${system("outbox")} (event_type, object, record_id, payload, created_at)
        SELECT 'record.created', 'ticket', id, '{"version": 1}', now() FROM unnest(${restored}::uuid[]) AS id`.execute(
        trx,
      );
    });
    await until("the events written after the restore", () =>
      restored.every((id) => receivedFor(id).length === 1),
    );
    const settled = await relayState();
    expect(BigInt(settled.xmax)).toBeLessThan(BigInt(before.xmax) + 1000000n);
    // The restored ids are forgotten: they can never look new when this cluster's ids pass them.
    const { rows } = await sql<{ txid: string | null }>`SELECT txid::text FROM ${system("outbox")}
      WHERE record_id = ${first.body.id}`.execute(app.database.db);
    expect(rows.every((row) => row.txid === null)).toBe(true);

    const later = await app.admin.post("/api/records/ticket", { name: "later" });
    await until("a later event", () => receivedFor(later.body.id).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Every event reached the consumer once: nothing numbered twice, nothing left behind.
    expect(receivedFor(first.body.id)).toHaveLength(1);
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
    expect(new Set(received.map((e) => e.seq)).size).toBe(received.length);
  });
});
