import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";

/*
 * The embedded default keeps no delivered event (ADR 0036): the test app, like `npm start`, has no
 * DATABASE_URL, so its retention is 0 on both engines — an event leaves as soon as every consumer of this
 * process has it, and never before.
 */
let app: TestApp;
let bare: TestApp | null = null;
const delivered: number[] = [];
let release: (() => void) | null = null;
let blocked = false;

beforeAll(async () => {
  app = await startTestApp({
    register: (registry) => {
      registry.events.subscribe(
        "test.quick",
        async (events) => void delivered.push(...events.map((e) => e.id)),
      );
      // Holds its first event while `blocked`: its position stays before it.
      registry.events.subscribe(
        "test.gated",
        async () => {
          if (blocked) await new Promise<void>((resolve) => (release = resolve));
        },
        { batch: 1 },
      );
    },
  });
  await createObject(app.admin, "memo");
  await addField(app.admin, "memo", { api_name: "name", type: "text" });
});

afterAll(async () => {
  await bare?.close();
  await app?.close();
});

async function memoEvents(): Promise<number[]> {
  const rows = await app.database.db
    .selectFrom("outbox")
    .select("id")
    .where("object", "=", "memo")
    .orderBy("id")
    .execute();
  return rows.map((r) => Number(r.id));
}

const positions = async () =>
  Object.fromEntries(
    (await app.database.db.selectFrom("event_consumers").select(["name", "position"]).execute()).map((c) => [
      c.name,
      Number(c.position),
    ]),
  );

async function createMemos(count: number) {
  const response = await app.admin.post("/api/records/memo/bulk", {
    records: Array.from({ length: count }, (_, i) => ({ name: `memo ${i}` })),
  });
  expect(response.status, response.text).toBe(201);
}

describe("pruning delivered events on the embedded default (retention 0)", () => {
  it("keeps what one of this process's consumers has not received, however long ago it started", async () => {
    blocked = true;
    await createMemos(5);
    const ids = await memoEvents();
    expect(ids).toHaveLength(5);
    await until("the quick consumer to get all five", () => ids.every((id) => delivered.includes(id)));
    await until("the gated consumer to hold its first event", () => release !== null);
    // A consumer row no instance runs any more (a consumer a newer version dropped) holds nothing back.
    const before = new Date(app.clock.now().getTime() - 3_600_000);
    await sql`INSERT INTO ${sql.id(app.database.schemas.system, "event_consumers")}
      (name, position, created_at, seen_at) VALUES ('test.gone', 0, ${before}, ${before})`.execute(
      app.database.db,
    );
    // Consumers are "seen" only when an instance starts: a day later, this process's own still count.
    app.clock.advance(24 * 3_600_000);
    try {
      await app.server.events.prune();
      expect(await memoEvents()).toEqual(ids);

      blocked = false;
      release?.();
      const last = ids[ids.length - 1]!;
      await until("the gated consumer to pass the memos", async () => {
        const numbered = await app.database.db
          .selectFrom("event_order")
          .select("seq")
          .where("event_id", "=", last)
          .executeTakeFirst();
        return numbered !== undefined && (await positions())["test.gated"]! >= Number(numbered.seq);
      });
      expect(await app.server.events.prune()).toBeGreaterThanOrEqual(5);
      expect(await memoEvents()).toEqual([]);
    } finally {
      app.clock.advance(-24 * 3_600_000);
    }
  });

  it.runIf(testEngine === "pglite")(
    "prunes in the maintenance round, which then vacuums the outbox",
    async () => {
      await createMemos(200);
      const ids = await memoEvents();
      await until("both consumers to pass the memos", async () => {
        const seq = await app.database.db
          .selectFrom("event_order")
          .innerJoin("outbox", "outbox.id", "event_order.event_id")
          .select(sql<number>`max(seq)`.as("seq"))
          .where("object", "=", "memo")
          .executeTakeFirstOrThrow();
        const at = await positions();
        return seq.seq !== null && at["test.quick"]! >= seq.seq && at["test.gated"]! >= seq.seq;
      });
      expect(ids).toHaveLength(200);
      const round = await app.server.maintenance.runOnce();
      expect(round.pruned).toBeGreaterThanOrEqual(200);
      expect(round.vacuumed).toContain(`${app.database.schemas.system}.outbox`);
      expect(await memoEvents()).toEqual([]);
    },
  );

  it.runIf(testEngine === "postgres")("leaves the prune to the hourly job on PostgreSQL", async () => {
    await createMemos(3);
    const round = await app.server.maintenance.runOnce();
    expect(round.pruned).toBe(0);
    expect(await memoEvents()).toHaveLength(3);
  });
});

describe("without any event consumer (what `keduo start` has today)", () => {
  it("deletes the events nobody will number or read, and keeps them while a consumer exists", async () => {
    bare = await startTestApp();
    await createObject(bare.admin, "memo");
    await addField(bare.admin, "memo", { api_name: "name", type: "text" });
    const response = await bare.admin.post("/api/records/memo/bulk", {
      records: Array.from({ length: 30 }, (_, i) => ({ name: `memo ${i}` })),
    });
    expect(response.status, response.text).toBe(201);
    const count = async () =>
      (await bare!.database.db.selectFrom("outbox").select("id").where("object", "=", "memo").execute())
        .length;
    expect(await count()).toBe(30);
    // A consumer of another instance seen within the retention keeps them: its relay will number them.
    const table = sql.id(bare.database.schemas.system, "event_consumers");
    const now = bare.clock.now();
    await sql`INSERT INTO ${table} (name, position, created_at, seen_at)
      VALUES ('test.elsewhere', 0, ${now}, ${now})`.execute(bare.database.db);
    expect(await bare.server.events.prune()).toBe(0);
    await sql`DELETE FROM ${table} WHERE name = 'test.elsewhere'`.execute(bare.database.db);
    const pruned =
      testEngine === "pglite"
        ? (await bare.server.maintenance.runOnce()).pruned
        : await bare.server.events.prune();
    expect(pruned).toBeGreaterThanOrEqual(30);
    expect(await count()).toBe(0);
  });
});
