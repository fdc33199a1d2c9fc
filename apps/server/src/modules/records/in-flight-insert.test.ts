import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

// A create whose every column the service knows sends its INSERT and goes on (hooks, events, the answer)
// without waiting for it (in-flight.ts). The write must still fail of the INSERT's own error, store nothing,
// and answer what a read gives.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "visitor");
  await addField(app.admin, "visitor", { api_name: "name", type: "text", required: true });
  await addField(app.admin, "visitor", { api_name: "email", type: "email", unique: true });
  await addField(app.admin, "visitor", { api_name: "visits", type: "number" });
  const rule = await app.admin.post("/api/meta/objects/visitor/validation-rules", {
    api_name: "visits_not_negative",
    condition: "visits < 0",
    message: { "zh-CN": "来访次数不能为负", en: "Visits cannot be negative" },
    field: "visits",
  });
  expect(rule.status, rule.text).toBe(201);
});
afterAll(() => app?.close());

const visitors = async () =>
  (await app.admin.get("/api/records/visitor?limit=100")).body.records as Array<Record<string, unknown>>;

/** The INSERTs into the visitor table a request ran. */
async function insertsDuring(work: () => Promise<void>) {
  app.queries.length = 0;
  await work();
  return app.queries.filter((q) => /^\s*INSERT INTO "[^"]+"\."visitor"/.test(q));
}

describe("a create sent without waiting for its INSERT", () => {
  it("answers the stored records, and sends the INSERT without reading rows back", async () => {
    let created: Array<Record<string, unknown>> = [];
    const inserts = await insertsDuring(async () => {
      const response = await app.admin.post("/api/records/visitor/bulk", {
        records: [
          { name: "甲", email: "a@example.cn", visits: 3 },
          { name: "乙", email: "b@example.cn", visits: 0 },
        ],
      });
      expect(response.status).toBe(201);
      created = response.body.records;
    });
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).not.toMatch(/RETURNING/);
    for (const record of created) {
      const read = await app.admin.get(`/api/records/visitor/${record.id}`);
      expect(read.body).toEqual(record);
    }
  });

  it("fails of the INSERT's own error (a unique value taken) and stores nothing", async () => {
    const before = (await visitors()).length;
    const response = await app.admin.post("/api/records/visitor/bulk", {
      records: [
        { name: "丙", email: "c@example.cn" },
        { name: "丁", email: "a@example.cn" },
      ],
    });
    expect(response.status).toBe(409);
    expect(response.body.errors[0]).toMatchObject({ field: "email", code: "not_unique" });
    expect(await visitors()).toHaveLength(before);
  });

  it("stops on a validation rule's problem found after the INSERT was sent, and stores nothing", async () => {
    const before = (await visitors()).length;
    const response = await app.admin.post("/api/records/visitor/bulk", {
      records: [
        { name: "戊", email: "e@example.cn", visits: 1 },
        { name: "己", email: "f@example.cn", visits: -1 },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: "records.1.visits", code: "validation_rule" }),
    ]);
    expect(await visitors()).toHaveLength(before);
  });
});
