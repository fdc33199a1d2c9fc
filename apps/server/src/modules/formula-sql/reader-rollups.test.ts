import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

let app: TestApp;
let account = "";
const reps: Record<string, HttpClient> = {};

async function createRep(name: string) {
  const response = await app.admin.post("/api/users", {
    email: `${name}@keduo.test`,
    name,
    password: "password-123",
  });
  expect(response.status, response.text).toBe(201);
  reps[name] = await app.login(`${name}@keduo.test`, "password-123");
}

async function createDeal(client: HttpClient, amount: number) {
  const response = await client.post("/api/records/deal", { title: `deal ${amount}`, amount, account });
  expect(response.status, response.text).toBe(201);
}

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "account", "客户", "Account");
  await addField(app.admin, "account", { api_name: "name", type: "text" });
  await createObject(app.admin, "deal", "商机", "Deal");
  await addField(app.admin, "deal", { api_name: "title", type: "text" });
  await addField(app.admin, "deal", { api_name: "amount", type: "number" });
  await addField(app.admin, "deal", {
    api_name: "account",
    type: "relation",
    config: {
      relation: {
        target: "account",
        cardinality: "many_to_one",
        inverse_name: "deals",
        inverse_labels: label("商机", "Deals"),
      },
    },
  });
  // Each rep reads their own deals only; accounts are open to everyone.
  expect((await app.admin.patch("/api/meta/objects/deal", { sharing_default: "private" })).status).toBe(200);
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: { default_objects: { read: true, create: true, edit: true, delete: true } },
  });
  expect(member.status, member.text).toBe(200);
  await createRep("rep1");
  await createRep("rep2");
  account = (await app.admin.post("/api/records/account", { name: "Acme" })).body.id;
  await createDeal(reps.rep1!, 100);
  await createDeal(reps.rep1!, 5);
  await createDeal(reps.rep2!, 200);
  for (const [api_name, rollup_as] of [
    ["pipeline_seen", "reader"],
    ["pipeline_all", "system"],
  ])
    await addField(app.admin, "account", {
      api_name,
      type: "formula",
      config: { expression: "SUM(deals.amount)", rollup_as },
    });
  // A formula reading a reader-scoped rollup is reader-scoped too.
  await addField(app.admin, "account", {
    api_name: "pipeline_seen_x2",
    type: "formula",
    config: { expression: "pipeline_seen * 2" },
  });
});

afterAll(() => app?.close());

describe(`reader-scoped rollups on ${testEngine}`, () => {
  it("count only the related records the reading user may read", async () => {
    const seen = async (client: HttpClient) => {
      const response = await client.get(`/api/records/account/${account}`);
      expect(response.status, response.text).toBe(200);
      const { pipeline_seen, pipeline_all, pipeline_seen_x2 } = response.body;
      return [pipeline_seen, pipeline_seen_x2, pipeline_all];
    };
    expect(await seen(app.admin)).toEqual([305, 610, 305]);
    expect(await seen(reps.rep1!)).toEqual([105, 210, 305]);
    expect(await seen(reps.rep2!)).toEqual([200, 400, 305]);
  });

  it("answer a write with the writer's own sum", async () => {
    const response = await reps.rep2!.patch(`/api/records/account/${account}`, { name: "Acme 2" });
    expect(response.status, response.text).toBe(200);
    expect([response.body.pipeline_seen, response.body.pipeline_all]).toEqual([200, 305]);
  });

  it("filter and sort by what the reader may see", async () => {
    const filter = encodeURIComponent(JSON.stringify({ pipeline_seen: { gt: 150 } }));
    const count = async (client: HttpClient) => {
      const response = await client.get(`/api/records/account?filter=${filter}&sort=-pipeline_seen`);
      expect(response.status, response.text).toBe(200);
      return response.body.records.length;
    };
    expect([await count(app.admin), await count(reps.rep1!), await count(reps.rep2!)]).toEqual([1, 0, 1]);
  });

  it("are never stored", async () => {
    const response = await app.admin.patch("/api/meta/objects/account/fields/pipeline_seen", {
      config: { expression: "SUM(deals.amount)", rollup_as: "reader", stored: true },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: "config.stored", code: "invalid_value" });
  });
});
