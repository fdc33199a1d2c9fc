import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField } from "../../test/fixtures.ts";
import { outboxOf } from "../../test/owners-fixture.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createSalesFixture, money } from "../../test/validation-fixture.ts";

// Issue 13: a write's events name the stored formulas and rollups it changed — on the written record in its
// own event, and on each other record whose rollup or lookup moved in a `record.updated` of that record.
let app: TestApp;

const stored = (api_name: string, expression: string, result_type: string) => ({
  api_name,
  type: "formula",
  config: { expression, result_type, stored: true, rollup_as: "system" },
});

async function create(object: string, body: Record<string, unknown>) {
  const response = await app.admin.post(`/api/records/${object}`, body);
  expect(response.status, response.text).toBe(201);
  return response.body.id as string;
}

type Event = {
  event_type: string;
  payload: { version: number; changes?: Record<string, unknown>; record?: Record<string, unknown> };
};
const events = async (id: string) => (await outboxOf(app, id)) as unknown as Event[];

beforeAll(async () => {
  app = await startTestApp();
  await createSalesFixture(app.admin);
  await addField(app.admin, "deal", stored("weighted", "probability * 2", "number"));
  await addField(app.admin, "account", stored("deal_count", "COUNT(deals)", "number"));
  await addField(app.admin, "account", stored("top_probability", "MAX(deals.probability)", "number"));
});
afterAll(() => app?.close());

describe(`stored formula changes in events (${testEngine})`, () => {
  it("puts the record's own stored values in its created event and changes in its updated event", async () => {
    const deal = await create("deal", { title: "A", probability: 10 });
    const [created] = await events(deal);
    expect(created!.payload.record).toMatchObject({ probability: 10, weighted: 20 });
    expect((await app.admin.patch(`/api/records/deal/${deal}`, { probability: 15 })).status).toBe(200);
    const updated = (await events(deal)).at(-1)!;
    expect(updated.event_type).toBe("record.updated");
    expect(updated.payload.changes).toEqual({
      probability: { from: 10, to: 15 },
      weighted: { from: 20, to: 30 },
    });
  });

  it("gives a parent whose rollups moved its own record.updated, from the same write", async () => {
    const account = await create("account", { name: "星辰" });
    const before = await events(account);
    const deal = await create("deal", { title: "B", probability: 40, account, amount: money("10") });
    const parent = (await events(account)).slice(before.length);
    expect(parent).toHaveLength(1);
    expect(parent[0]).toMatchObject({
      event_type: "record.updated",
      payload: {
        version: 1,
        changes: { deal_count: { from: 0, to: 1 }, top_probability: { from: null, to: 40 } },
      },
    });
    // A change that moves no rollup sends the parent nothing.
    expect((await app.admin.patch(`/api/records/deal/${deal}`, { title: "B2" })).status).toBe(200);
    expect(await events(account)).toHaveLength(before.length + 1);
    // Moving the deal away changes both rollups back.
    expect((await app.admin.patch(`/api/records/deal/${deal}`, { account: null })).status).toBe(200);
    expect((await events(account)).at(-1)!.payload.changes).toEqual({
      deal_count: { from: 1, to: 0 },
      top_probability: { from: 40, to: null },
    });
  });

  it("names the same source as the write that caused it", async () => {
    const account = await create("account", { name: "远航" });
    await create("deal", { title: "C", probability: 5, account });
    const [dealEvent] = await app.database.db
      .selectFrom("outbox")
      .select(["source", "actor_id"])
      .where("object", "=", "deal")
      .orderBy("id", "desc")
      .limit(1)
      .execute();
    const [parentEvent] = await app.database.db
      .selectFrom("outbox")
      .select(["source", "actor_id"])
      .where("record_id", "=", account)
      .orderBy("id", "desc")
      .limit(1)
      .execute();
    expect(parentEvent).toEqual(dealEvent);
  });
});
