import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxOf } from "../../test/owners-fixture.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createSalesFixture, money } from "../../test/validation-fixture.ts";

// Issue 15: saving an unchanged value writes nothing — no new version, no event, no empty history entry.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createSalesFixture(app.admin);
});
afterAll(() => app?.close());

const DEALS = "/api/records/deal";
const history = async (id: string) =>
  (await app.admin.get(`${DEALS}/${id}/history`)).body.entries as unknown[];

async function deal() {
  const created = await app.admin.post(DEALS, {
    title: "框架协议",
    amount: money("1200000"),
    discount: 12.5,
    close_date: "2026-12-31",
    probability: 40,
  });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; version: number };
}

describe(`an update that changes nothing (${testEngine})`, () => {
  it("keeps the version and sends no event or history when every value is sent back as it is", async () => {
    const { id, version } = await deal();
    const [events, entries] = [(await outboxOf(app, id)).length, (await history(id)).length];
    // The same values in other spellings: a number as text, the amount without trailing zeros.
    const same = await app.admin.patch(`${DEALS}/${id}`, {
      title: "框架协议",
      amount: { amount: "1200000.0", currency: "CNY" },
      discount: "12.5",
      close_date: "2026-12-31",
      probability: 40,
    });
    expect(same.status, same.text).toBe(200);
    expect(same.body.version).toBe(version);
    expect((await outboxOf(app, id)).length).toBe(events);
    expect((await history(id)).length).toBe(entries);
  });

  it("writes a real change as before", async () => {
    const { id, version } = await deal();
    const changed = await app.admin.patch(`${DEALS}/${id}`, { title: "框架协议", probability: 60 });
    expect(changed.body.version).toBe(version + 1);
    expect((await outboxOf(app, id)).at(-1)).toMatchObject({
      event_type: "record.updated",
      payload: { changes: { probability: { from: 40, to: 60 } } },
    });
  });

  it("writes only the changed records of a bulk update", async () => {
    const [a, b] = [await deal(), await deal()];
    const response = await app.admin.patch(`${DEALS}/bulk`, {
      records: [
        { id: a.id, version: a.version, probability: 40 },
        { id: b.id, version: b.version, probability: 90 },
      ],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.records.map((r: { version: number }) => r.version)).toEqual([
      a.version,
      b.version + 1,
    ]);
    expect((await outboxOf(app, a.id)).map((e) => e.event_type)).toEqual(["record.created"]);
    expect((await outboxOf(app, b.id)).map((e) => e.event_type)).toEqual([
      "record.created",
      "record.updated",
    ]);
  });
});
