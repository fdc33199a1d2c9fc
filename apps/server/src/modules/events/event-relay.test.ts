import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";
import type { DomainEvent } from "./index.ts";

let app: TestApp;
let second: TestApp | null = null;
/** What each consumer received, across both instances. */
const received: Record<string, DomainEvent[]> = { "test.a": [], "test.b": [], "test.poisoned": [] };
const poisonCalls: number[] = [];

const consumers = (instance: string) => (registry: { events: import("./index.ts").EventsService }) => {
  registry.events.subscribe("test.a", async (events) => void received["test.a"]!.push(...events), {
    batch: 50,
  });
  registry.events.subscribe(
    "test.b",
    async (events) => {
      // A slower consumer with small batches: it trails the other, at its own position.
      await new Promise((resolve) => setTimeout(resolve, 5));
      received["test.b"]!.push(...events);
    },
    { batch: 7 },
  );
  registry.events.subscribe(
    "test.poisoned",
    async (events) => {
      for (const event of events) {
        if (event.payload.record?.name === "poison") {
          poisonCalls.push(event.id);
          throw new Error(`poisoned (${instance})`);
        }
      }
      received["test.poisoned"]!.push(...events);
    },
    { batch: 5, maxAttempts: 3, retryDelayMs: 20 },
  );
};

async function outboxIds(object: string): Promise<number[]> {
  const rows = await app.database.db
    .selectFrom("outbox")
    .select("id")
    .where("object", "=", object)
    .orderBy("id")
    .execute();
  return rows.map((r) => Number(r.id));
}

async function allDelivered(object: string, names = ["test.a", "test.b"]) {
  const ids = await outboxIds(object);
  await until(`${names.join(", ")} to receive ${ids.length} ${object} events`, () =>
    names.every((name) => {
      const got = new Set(received[name]!.filter((e) => e.object === object).map((e) => e.id));
      return ids.every((id) => got.has(id));
    }),
  );
  // A handler is called before the relay stores the consumer's new position (in the same round, a moment
  // later): what reads positions (the prune) must wait for that too.
  const wanted = new Set(ids);
  const seqs = names.flatMap((name) => received[name]!.filter((e) => wanted.has(e.id)).map((e) => e.seq));
  const last = Math.max(0, ...seqs);
  await until(`${names.join(", ")} to store positions at or past ${last}`, async () =>
    (await app.server.events.describeConsumers())
      .filter((consumer) => names.includes(consumer.name))
      .every((consumer) => consumer.position >= last),
  );
  return ids;
}

beforeAll(async () => {
  // A week's retention, as on PostgreSQL (the embedded default keeps none: event-prune.test.ts).
  app = await startTestApp({ register: consumers("first"), env: { KEDUO_EVENTS_RETENTION_HOURS: "168" } });
  await createObject(app.admin, "note");
  await addField(app.admin, "note", { api_name: "name", type: "text", required: true });
  await createObject(app.admin, "label");
  await addField(app.admin, "label", { api_name: "name", type: "text", required: true });
  await addField(app.admin, "note", {
    api_name: "labels",
    type: "relation",
    config: {
      relation: {
        target: "label",
        cardinality: "many_to_many",
        inverse_name: "notes",
        inverse_labels: label("笔记", "Notes"),
      },
    },
  });
});

afterAll(async () => {
  await second?.close();
  await app?.close();
});

describe("the event relay", () => {
  it("delivers every committed event to two consumers, in commit order per record", async () => {
    const created = await Promise.all(
      [0, 1, 2, 3].map((batch) =>
        app.admin.post("/api/records/note/bulk", {
          records: Array.from({ length: 25 }, (_, i) => ({ name: `n${batch}-${i}` })),
        }),
      ),
    );
    const ids: string[] = created.flatMap((r) => r.body.records.map((rec: { id: string }) => rec.id));
    expect(ids).toHaveLength(100);
    // Concurrent updates of the same records from several clients: their commits interleave.
    await Promise.all(
      [0, 1, 2].map(async (round) => {
        for (const id of ids.slice(0, 30))
          await app.admin.patch(`/api/records/note/${id}`, { name: `r${round}` });
      }),
    );
    const rejected = await app.admin.post("/api/records/note/bulk", {
      records: [{ name: "x" }, { name: 1 }],
    });
    expect(rejected.status).toBe(400);

    const eventIds = await allDelivered("note");
    expect(eventIds).toHaveLength(100 + 90);
    for (const name of ["test.a", "test.b"]) {
      const events = received[name]!.filter((e) => e.object === "note");
      // Exactly once here (no crash), and per record in commit order: versions 1, 2, 3, 4.
      expect(events.map((e) => e.id).sort((a, b) => a - b)).toEqual(eventIds);
      const versions = new Map<string, number[]>();
      for (const event of events)
        versions.set(event.recordId, [...(versions.get(event.recordId) ?? []), event.payload.version]);
      for (const id of ids.slice(0, 30)) expect(versions.get(id)).toEqual([1, 2, 3, 4]);
      expect(events.every((e, i) => i === 0 || e.seq > events[i - 1]!.seq)).toBe(true);
    }
  });

  it("names the source and lists many-to-many adds and removes in changes", async () => {
    const labels = await app.admin.post("/api/records/label/bulk", {
      records: [{ name: "a" }, { name: "b" }, { name: "c" }],
    });
    const [a, b, c] = labels.body.records.map((r: { id: string }) => r.id);
    const note = await app.admin.post("/api/records/note", { name: "m2m", labels: [a, b] });
    const token = await app.admin.post("/api/auth/tokens", { name: "events" });
    const viaToken = app.admin.withToken(token.body.token);
    const patched = await viaToken.patch(`/api/records/note/${note.body.id}`, { labels: [b, c] });
    expect(patched.status, patched.text).toBe(200);
    await allDelivered("note");
    const events = received["test.a"]!.filter((e) => e.recordId === note.body.id);
    expect(events.map((e) => [e.type, e.source, e.causation])).toEqual([
      ["record.created", "user", null],
      ["record.updated", "api_token", null],
    ]);
    expect(events[1]!.payload.changes).toEqual({
      labels: { from: [a, b], to: [b, c], added: [c], removed: [a] },
    });
  });

  it("parks an event a consumer fails on three times, shows it, and goes on with the others", async () => {
    // Caught up first, so the relay's page starts at this bulk and the slices of five are known: [0–4] is
    // handled, [5–9] fails on its last event, [10–11] follows. One bulk write: the events commit together.
    await allDelivered("note", ["test.a", "test.b", "test.poisoned"]);
    const names = Array.from({ length: 12 }, (_, i) => (i === 9 ? "poison" : `p${i}`));
    const written = await app.admin.post("/api/records/note/bulk", {
      records: names.map((name) => ({ name })),
    });
    expect(written.status, written.text).toBe(201);
    const records = written.body.records.map((body: { id: string }) => ({ body }));
    const [before, poison, after] = [records[0], records[9], records[11]];
    await allDelivered("note", ["test.a", "test.b"]);
    await until("the poisoned consumer to get past the poison", () =>
      received["test.poisoned"]!.some((e) => e.recordId === after.body.id),
    );
    const poisonEvent = received["test.a"]!.find((e) => e.recordId === poison.body.id)!;
    // Once in its batch, then alone until the third failure.
    expect(poisonCalls.filter((id) => id === poisonEvent.id).length).toBe(1 + 3);
    const delivered = received["test.poisoned"]!.map((e) => e.recordId);
    expect(delivered).toContain(before.body.id);
    expect(delivered).not.toContain(poison.body.id);
    // The slice handled before the failing one was acknowledged with it: nothing is delivered twice.
    const deliveredIds = received["test.poisoned"]!.map((e) => e.id);
    expect(new Set(deliveredIds).size).toBe(deliveredIds.length);
    expect(
      delivered.filter((id) => records.some((r: { body: { id: string } }) => r.body.id === id)),
    ).toHaveLength(11);
    const state = await app.admin.get("/api/admin/events/consumers");
    expect(state.status).toBe(200);
    const poisoned = state.body.consumers.find((c: { name: string }) => c.name === "test.poisoned");
    expect(poisoned.parked).toEqual([
      expect.objectContaining({ event_id: poisonEvent.id, record_id: poison.body.id, attempts: 3 }),
    ]);
    expect(poisoned.parked[0].error).toContain("poisoned");
    expect(state.body.consumers.find((c: { name: string }) => c.name === "test.a").lag).toBe(0);
  });

  it("refuses a consumer subscribed after start", () => {
    expect(() => app.server.events.subscribe("test.late", async () => {})).toThrow(/after start/);
  });

  it("with two instances, delivers each event once per consumer; a new consumer starts at the end", async () => {
    const late: DomainEvent[] = [];
    second = await startTestApp({
      sameDatabaseAs: app,
      register: (registry) => {
        consumers("second")(registry);
        registry.events.subscribe("test.late", async (events) => void late.push(...events));
      },
    });
    const counts = Object.fromEntries(Object.entries(received).map(([name, list]) => [name, list.length]));
    const writes = await Promise.all(
      [app, second, app, second].map((instance, i) =>
        instance.admin.post("/api/records/note/bulk", {
          records: Array.from({ length: 40 }, (_, j) => ({ name: `two-${i}-${j}` })),
        }),
      ),
    );
    const newIds = new Set(writes.flatMap((w) => w.body.records.map((r: { id: string }) => r.id)));
    await until("both instances to deliver the new events", () =>
      ["test.a", "test.b", "test.poisoned"].every(
        (name) => received[name]!.filter((e) => newIds.has(e.recordId)).length >= 160,
      ),
    );
    await until("the late consumer", () => late.filter((e) => newIds.has(e.recordId)).length >= 160);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const name of ["test.a", "test.b", "test.poisoned"]) {
      const fresh = received[name]!.slice(counts[name]);
      expect(fresh.filter((e) => newIds.has(e.recordId))).toHaveLength(160);
      expect(new Set(fresh.map((e) => e.id)).size).toBe(fresh.length);
    }
    // It never saw what was delivered before it existed.
    expect(late.every((e) => newIds.has(e.recordId))).toBe(true);
  });

  it("prunes delivered events after the retention, on the business clock", async () => {
    const pending = await app.admin.post("/api/records/note", { name: "recent" });
    await allDelivered("note");
    expect(await app.server.events.prune()).toBe(0);
    app.clock.advance(169 * 3_600_000);
    try {
      expect(await app.server.events.prune()).toBeGreaterThan(0);
      expect(await outboxIds("note")).toEqual([]);
      expect(pending.status).toBe(201);
    } finally {
      app.clock.advance(-169 * 3_600_000);
    }
  });
});
